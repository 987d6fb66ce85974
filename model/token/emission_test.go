package token

import (
	"math"
	"math/big"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// A constant schedule of R a year pays exactly ⌊R·t/1y⌋ base units by time
// t, however the run is cut into steps (REFERENCES.md §12: "constant and
// table exactly"; the closed form M(t) = R·t). The reference is math/big.
func TestConstantMatchesClosedFormExactly(t *testing.T) {
	perYear, _ := ParseAmount("20000000.000000000000000007", 18)
	c := Constant{PerYear: perYear}
	ref := new(big.Int)
	ref.SetString("20000000000000000000000007", 10)
	for _, step := range []sim.Time{7*sim.Minute + 3*sim.Second, sim.Hour, 13 * sim.Hour, sim.Day} {
		var paid Amount
		var prev sim.Time
		for now := step; now <= sim.Year+step; now += step {
			paid, _ = paid.Add(c.Due(prev, now))
			prev = now
			want := new(big.Int).Mul(ref, big.NewInt(int64(now)))
			want.Quo(want, big.NewInt(int64(sim.Year)))
			if paid.String() != want.String() {
				t.Fatalf("step %v, t=%v: paid %v, closed form %v", step, now, paid, want)
			}
		}
	}
}

// The token model over one year pays a constant mint exactly and a reserve
// payout until the reserve runs dry: total supply grows only by the mint,
// circulating supply by both.
func TestModelYearOfConstantEmissions(t *testing.T) {
	amt := func(s string) Amount { a, _ := ParseAmount(s, 18); return a }
	rec := &memRecorder{metrics: map[string]float64{}}
	cfg := Config{
		Decimals: 18, Genesis: amt("1000000000"), Reserve: amt("30000000"),
		Emissions: []Emission{
			{Name: "mint", Schedule: Constant{PerYear: amt("20000000")}, Source: Mint, Recipient: Treasury},
			{Name: "airdrop", Schedule: Constant{PerYear: amt("50000000")}, Source: FromReserve, Recipient: External},
		},
		Step: sim.Hour, SampleEvery: sim.Day, Duration: sim.Year,
	}
	m, err := NewModel(cfg, rec)
	if err != nil {
		t.Fatal(err)
	}
	for until := sim.Day; until <= sim.Year; until += sim.Day {
		if err := m.Advance(until, nil); err != nil {
			t.Fatal(err)
		}
		if err := m.Check(int64(until / sim.Day)); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Finish(); err != nil {
		t.Fatal(err)
	}
	l := m.Ledger()
	if got := l.Minted(); got != amt("20000000") {
		t.Errorf("minted %v, want exactly 20000000 tokens", got.Text(18))
	}
	if got := l.Balance(Reserve); !got.IsZero() {
		t.Errorf("reserve ends at %v, want empty (50M a year from 30M)", got.Text(18))
	}
	if got := l.Circulating(); got != amt("1000000000").add(amt("20000000")) {
		t.Errorf("circulating %v, want genesis + minted", got.Text(18))
	}
	if e := rec.metrics["token.conservation_error"]; e != 0 {
		t.Errorf("token.conservation_error = %v", e)
	}
	if got, want := rec.metrics["token.inflation.annualized"], 0.02; got < want-1e-12 || got > want+1e-12 {
		t.Errorf("token.inflation.annualized = %v, want %v", got, want)
	}
}

func (a Amount) add(b Amount) Amount { s, _ := a.Add(b); return s }

type memRecorder struct{ metrics map[string]float64 }

func (r *memRecorder) Sample(string, sim.Time, float64) {}
func (r *memRecorder) Observe(string, float64)          {}
func (r *memRecorder) Metric(name string, v float64)    { r.metrics[name] = v }
func (r *memRecorder) Figure(sim.Figure)                {}

// GBM's log price after one year has mean (μ − σ²/2) and sd σ, whatever
// the step: the exact solution of dS = μS dt + σS dW. 4000 paths give a
// standard error of σ/√4000 ≈ 0.0047 for σ = 0.3; the test allows 4 s.e.
func TestGBMLogReturnMoments(t *testing.T) {
	const drift, vol, paths = 0.1, 0.3, 4000
	for _, step := range []sim.Time{sim.Year, sim.Day * 30} {
		var sum, sumSq float64
		for i := 0; i < paths; i++ {
			g := NewGBM(2, drift, vol, sim.NewStream(9, "price", uint64(i)))
			for now := step; now < sim.Year; now += step {
				g.At(now)
			}
			r := math.Log(g.At(sim.Year) / 2)
			sum += r
			sumSq += r * r
		}
		mean := sum / paths
		sd := math.Sqrt(sumSq/paths - mean*mean)
		wantMean := drift - vol*vol/2
		se := vol / math.Sqrt(paths)
		t.Logf("step %v: mean log return %.5f (want %.5f, %.2f s.e.), sd %.5f (want %.2f)", step, mean, wantMean, (mean-wantMean)/se, sd, vol)
		if math.Abs(mean-wantMean) > 4*se {
			t.Errorf("step %v: mean log return %v, want %v ± %v", step, mean, wantMean, 4*se)
		}
		if math.Abs(sd-vol) > 0.05*vol {
			t.Errorf("step %v: sd of log return %v, want %v ± 5%%", step, sd, vol)
		}
	}
}

// Finish sets exactly the metrics that Metrics documents.
func TestMetricsDocumentFinish(t *testing.T) {
	rec := &memRecorder{metrics: map[string]float64{}}
	m, err := NewModel(Config{Decimals: 0, Genesis: FromInt64(100), Price: ConstantPrice(1),
		Step: sim.Hour, SampleEvery: sim.Day, Duration: sim.Day}, rec)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Finish(); err != nil {
		t.Fatal(err)
	}
	docs := Metrics()
	for _, d := range docs {
		if _, ok := rec.metrics[d.Name]; !ok {
			t.Errorf("documented metric %s is not set", d.Name)
		}
	}
	if len(rec.metrics) != len(docs) {
		t.Errorf("Finish sets %d metrics, Metrics documents %d", len(rec.metrics), len(docs))
	}
}
