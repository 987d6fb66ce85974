package chain

import (
	"testing"

	"github.com/swarmecon/swarmecon/model/token"
)

// The checkpoint formula holds at any stake the ledger can hold: with a
// total stake near 2^127 (where 1024 × total does not fit) full signing
// still pays base × blocks / 1024, half the stake half of it; and a base ×
// blocks past 128 bits is reported, not paid as zero.
func TestCheckpointRewardLargeStakes(t *testing.T) {
	var md token.MulDiv
	total, _ := token.MaxAmount.Shr(1).Add(token.FromInt64(1)) // 2^126
	half, _, _ := total.MulFrac(1, 2)
	base := token.FromInt64(29_761_460)
	r, ok := CheckpointReward(&md, base, 2048, total, total)
	if want, _ := base.MulInt64(2); !ok || r.Cmp(want) != 0 {
		t.Errorf("full signing: %v (ok %v), want %v", r, ok, want)
	}
	r, ok = CheckpointReward(&md, base, 2048, half, total)
	if !ok || r.Cmp(base) != 0 {
		t.Errorf("half the stake signing: %v (ok %v), want %v", r, ok, base)
	}
	if _, ok := CheckpointReward(&md, token.MaxAmount, 2048, total, total); ok {
		t.Errorf("base × blocks past 128 bits: ok, want an overflow")
	}
}
