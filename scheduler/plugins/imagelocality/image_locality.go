package imagelocality

import (
	"context"
	"strings"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// Name is the plugin's name in configuration.
const Name = "ImageLocality"

// Score thresholds, as in Kubernetes: a node with less than 23 MiB of the
// pod's images scores 0, and a container's images count up to 1000 MiB.
const (
	mb                    int64 = 1024 * 1024
	minThreshold          int64 = 23 * mb
	maxContainerThreshold int64 = 1000 * mb
)

const preScoreStateKey framework.StateKey = "PreScore" + Name

// ImageLocality scores nodes by the images they have.
type ImageLocality struct {
	handle framework.Handle
}

var (
	_ framework.PreScorePlugin = (*ImageLocality)(nil)
	_ framework.ScorePlugin    = (*ImageLocality)(nil)
)

// New builds the plugin; it takes no arguments. It reads the number of
// nodes from the handle's snapshot.
func New(_ context.Context, _ *struct{}, h framework.Handle) (framework.Plugin, error) {
	return &ImageLocality{handle: h}, nil
}

// Name returns Name.
func (pl *ImageLocality) Name() string { return Name }

// preScoreState holds the pod's normalised image names (init containers
// then containers) and the number of nodes in the snapshot.
type preScoreState struct {
	images        []string
	totalNumNodes int
}

// Clone returns s: it is never changed after PreScore.
func (s *preScoreState) Clone() framework.StateData { return s }

func (pl *ImageLocality) newState(pod *corev1.Pod) *preScoreState {
	s := &preScoreState{images: make([]string, 0, len(pod.Spec.InitContainers)+len(pod.Spec.Containers))}
	for i := range pod.Spec.InitContainers {
		s.images = append(s.images, normalizedImageName(pod.Spec.InitContainers[i].Image))
	}
	for i := range pod.Spec.Containers {
		s.images = append(s.images, normalizedImageName(pod.Spec.Containers[i].Image))
	}
	if pl.handle != nil {
		if l := pl.handle.SnapshotSharedLister(); l != nil {
			s.totalNumNodes = len(l.NodeInfos().List())
		}
	}
	return s
}

// PreScore normalises the pod's image names and counts the nodes once per
// pod, so that Score allocates nothing.
func (pl *ImageLocality) PreScore(_ context.Context, state *framework.CycleState, pod *corev1.Pod, _ []*framework.NodeInfo) *framework.Status {
	state.Write(preScoreStateKey, pl.newState(pod))
	return nil
}

// Score is MaxNodeScore * (sum - minThreshold) / (maxThreshold -
// minThreshold), sum being, over the pod's images present on the node,
// size * (nodes with the image / all nodes), clamped to [minThreshold,
// maxThreshold = 1000 MiB * number of containers].
func (pl *ImageLocality) Score(_ context.Context, state *framework.CycleState, pod *corev1.Pod, nodeInfo *framework.NodeInfo) (int64, *framework.Status) {
	s, err := framework.ReadState[*preScoreState](state, preScoreStateKey)
	if err != nil {
		s = pl.newState(pod)
	}
	return calculatePriority(sumImageScores(nodeInfo, s.images, s.totalNumNodes), len(s.images)), nil
}

// ScoreExtensions returns nil.
func (pl *ImageLocality) ScoreExtensions() framework.ScoreExtensions { return nil }

func calculatePriority(sumScores int64, numContainers int) int64 {
	maxThreshold := maxContainerThreshold * int64(numContainers)
	if sumScores < minThreshold {
		sumScores = minThreshold
	} else if sumScores > maxThreshold {
		sumScores = maxThreshold
	}
	return framework.MaxNodeScore * (sumScores - minThreshold) / (maxThreshold - minThreshold)
}

func sumImageScores(nodeInfo *framework.NodeInfo, images []string, totalNumNodes int) int64 {
	if len(nodeInfo.ImageStates) == 0 || totalNumNodes == 0 {
		return 0
	}
	var sum int64
	for _, img := range images {
		if st, ok := nodeInfo.ImageStates[img]; ok {
			sum += scaledImageScore(st, totalNumNodes)
		}
	}
	return sum
}

// scaledImageScore is the image size times the share of nodes that have
// it.
func scaledImageScore(s *framework.ImageStateSummary, totalNumNodes int) int64 {
	spread := float64(s.NumNodes) / float64(totalNumNodes)
	return int64(float64(s.Size) * spread)
}

// normalizedImageName adds ":latest" to an image without a tag (or
// digest), as the node reports image names.
func normalizedImageName(name string) string {
	if strings.LastIndex(name, ":") <= strings.LastIndex(name, "/") {
		name += ":latest"
	}
	return name
}
