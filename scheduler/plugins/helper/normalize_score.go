package helper

import "github.com/gantryhq/gantry/scheduler/framework"

// DefaultNormalizeScore scales scores so that the highest becomes
// maxPriority (score = maxPriority * score / max); with reverse, each
// becomes maxPriority minus that. When every score is 0, scores stay 0, or
// all become maxPriority with reverse. It always returns nil.
func DefaultNormalizeScore(maxPriority int64, reverse bool, scores framework.NodeScoreList) *framework.Status {
	var maxCount int64
	for i := range scores {
		if scores[i].Score > maxCount {
			maxCount = scores[i].Score
		}
	}
	if maxCount == 0 {
		if reverse {
			for i := range scores {
				scores[i].Score = maxPriority
			}
		}
		return nil
	}
	for i := range scores {
		score := maxPriority * scores[i].Score / maxCount
		if reverse {
			score = maxPriority - score
		}
		scores[i].Score = score
	}
	return nil
}
