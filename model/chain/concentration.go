package chain

import (
	"slices"
)

// Nakamoto returns the Nakamoto coefficient of stakes at share phi
// (REFERENCES.md §10): the fewest holders, largest first, whose stake
// together exceeds phi of the total; 0 when nothing is staked. BFT chains
// use phi = 1/3, the share that can halt them. stakes is not modified.
func Nakamoto(stakes []float64, phi float64) int {
	sorted := slices.Clone(stakes)
	slices.SortFunc(sorted, func(a, b float64) int { return -cmpFloat(a, b) })
	var total float64
	for _, s := range sorted {
		total += s
	}
	if total <= 0 {
		return 0
	}
	var sum float64
	for k, s := range sorted {
		sum += s
		if sum > phi*total {
			return k + 1
		}
	}
	return len(sorted)
}

// Gini returns the Gini coefficient of non-negative holdings:
// G = 2·Σ i·x_(i) / (n·Σ x) − (n+1)/n with x ascending and i = 1…n; 0 for
// equal holdings, (n−1)/n when one holder has everything. It sorts xs.
func Gini(xs []float64) float64 {
	n := len(xs)
	if n == 0 {
		return 0
	}
	slices.SortFunc(xs, cmpFloat)
	var sum, weighted float64
	for i, x := range xs {
		sum += x
		weighted += float64(i+1) * x
	}
	if sum <= 0 {
		return 0
	}
	return 2*weighted/(float64(n)*sum) - float64(n+1)/float64(n)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
