package helper

// FunctionShapePoint is one point of a broken-linear function.
type FunctionShapePoint struct {
	// Utilization is the x coordinate.
	Utilization int64
	// Score is the y coordinate.
	Score int64
}

// FunctionShape is the points of a broken-linear function, by increasing
// Utilization.
type FunctionShape []FunctionShapePoint

// BuildBrokenLinearFunction returns the function through shape's points:
// constant before the first and after the last, linear (integer division)
// in between. shape must not be empty.
func BuildBrokenLinearFunction(shape FunctionShape) func(int64) int64 {
	return func(p int64) int64 {
		for i := range shape {
			if p <= shape[i].Utilization {
				if i == 0 {
					return shape[0].Score
				}
				return shape[i-1].Score + (shape[i].Score-shape[i-1].Score)*(p-shape[i-1].Utilization)/(shape[i].Utilization-shape[i-1].Utilization)
			}
		}
		return shape[len(shape)-1].Score
	}
}
