package scenarios

import (
	"errors"
	"strings"
	"testing"

	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

func TestEveryBuiltinLoads(t *testing.T) {
	names := Builtins()
	if len(names) == 0 {
		t.Fatal("no built-in scenarios")
	}
	for _, name := range names {
		s, err := LoadBuiltin(name, nil)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if s.Name != name {
			t.Errorf("built-in %s calls itself %q", name, s.Name)
		}
	}
	if _, err := LoadBuiltin("no-such", nil); err == nil {
		t.Error("an unknown built-in loaded")
	}
}

func TestDefaultScenario(t *testing.T) {
	s, err := LoadBuiltin("default", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Duration != 10*sim.Day || s.SampleEvery != 30*sim.Minute || s.Token.Decimals != 18 {
		t.Errorf("duration %v, sample_every %v, decimals %d", s.Duration, s.SampleEvery, s.Token.Decimals)
	}
	want := []struct{ source, recipient, perYear string }{
		{"mint", "treasury", "20000000"}, {"reserve", "external", "50000000"},
	}
	if len(s.Token.Emission) != len(want) {
		t.Fatalf("%d schedules, want %d", len(s.Token.Emission), len(want))
	}
	for i, w := range want {
		e := s.Token.Emission[i]
		if e.Source != w.source || e.Recipient != w.recipient || e.PerYear.Text(18) != w.perYear {
			t.Errorf("schedule %d = %s %s %s, want %v", i, e.Source, e.Recipient, e.PerYear.Text(18), w)
		}
	}
	if got := s.Token.Reserve.Text(18); got != "200000000" {
		t.Errorf("reserve %s", got)
	}
}

func TestFullContract(t *testing.T) {
	s, err := LoadFile("../testdata/good/full.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	supply, _ := token.ParseAmount("990000000000000", 18)
	if s.Token.GenesisSupply != supply {
		t.Errorf("genesis supply %s", s.Token.GenesisSupply.Text(18))
	}
	if got := s.Token.Emission[1].InitialPerYear.Text(18); got != "0.125" {
		t.Errorf("float amount 0.125 read as %s", got)
	}
	if got := s.Token.Emission[1].HalfLife; got != sim.Year*3/2 {
		t.Errorf(`"1.5y" read as %v`, got)
	}
	patch := s.Torrents[0]
	if patch.FileSize != 90e9 || patch.PieceSize != 16<<20 || patch.SeedUpload != 100e6/8 {
		t.Errorf("patch sizes %d %d %g", patch.FileSize, patch.PieceSize, patch.SeedUpload)
	}
	if patch.Peers.Download.Kind() != sim.Uniform || patch.Peers.Download.Max() != 8<<20 {
		t.Errorf("download %v", patch.Peers.Download)
	}
	if s.Torrents[1].Arrivals.Path == "" || s.Catalogue == nil || s.Catalogue.Seeding.Behaviour != "forever" {
		t.Error("trace path or catalogue missing")
	}
	if e := s.Storage.SLA.Erasure; e == nil || e.Data != 10 || e.Parity != 20 || s.Storage.SLA.Replication != 0 {
		t.Errorf("erasure %+v, replication %d", e, s.Storage.SLA.Replication)
	}
	if len(s.Governance.Proposals) != 2 || s.Governance.Proposals[0].To != "100" {
		t.Errorf("proposals %+v", s.Governance.Proposals)
	}
	if e := s.Expect[1]; e.Equals == nil || *e.Equals != 0 || e.Min != nil {
		t.Errorf("expect %+v", e)
	}
	if data, err := s.ReadData(s.Token.Price.Path); err != nil || len(data) == 0 {
		t.Errorf("price csv: %v", err)
	}
}

// TestEffectiveRoundTrip loads what Effective writes and checks that it
// describes the same scenario (a fixed point). The file is named in the
// current folder so that the data paths, already resolved, stay valid.
func TestEffectiveRoundTrip(t *testing.T) {
	for _, file := range []string{"builtin/default.toml", "../testdata/good/full.toml"} {
		s, err := LoadFile(file, []string{"seed=7"})
		if err != nil {
			t.Fatal(err)
		}
		eff := s.Effective()
		back, err := Parse("effective.toml", []byte(eff), nil)
		if err != nil {
			t.Fatalf("%s: Effective does not load back: %v\n%s", file, err, eff)
		}
		if again := back.Effective(); again != eff {
			t.Errorf("%s: Effective is not a fixed point:\n%s\n----\n%s", file, eff, again)
		}
		if back.Seed != 7 {
			t.Errorf("--set seed=7 lost: %d", back.Seed)
		}
	}
}

func TestSetAddressing(t *testing.T) {
	src := []byte(`name = "s"
duration = "1d"
[[torrent]]
name = "a"
file_size = "1GiB"
[[torrent]]
name = "b"
file_size = "1GiB"
`)
	s, err := Parse("s.toml", src, []string{
		"torrent.1.piece_size=4MiB",
		"torrent.a.peers.upload={ dist = \"constant\", value = \"3MiB/s\" }",
		"market.enabled=true",
		"description=two words",
		"token.emission.policy=halving",
		"token.emission.initial_per_year=\"1000000000000000000000\"",
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.Torrents[1].PieceSize != 4<<20 || s.Torrents[0].Peers.Upload.Mean() != 3<<20 || !s.Market.Enabled {
		t.Errorf("overrides not applied: %+v", s.Torrents)
	}
	if s.Description != "two words" || s.Token.Emission[0].InitialPerYear.Text(6) != "1000000000000000000000" {
		t.Errorf("description %q, emission %+v", s.Description, s.Token.Emission)
	}
	for set, want := range map[string]string{
		"torrent.piece_size=4MiB":    "--set:1: torrent.piece_size: torrent has 2 elements and none is \"piece_size\" (address an element as torrent.0, torrent.a, torrent.1, torrent.b)",
		"torrent.2.piece_size=1B":    "--set:1: torrent.2.piece_size: torrent has 2 elements and none is \"2\"",
		"seed":                       "--set:1: seed: \"seed\" is not an override",
		"duration=5":                 "--set:1: duration: 5 has no unit",
		"name.x=1":                   "--set:1: name.x: name is a value, not a table",
		"torrent.a.arrivals.x=1":     "--set:1: torrent.0.arrivals.x: unknown key",
		"torrent.b=1":                "--set:1: torrent.b: names a whole element, not a key",
		"storage.sla.erasure.data=4": "--set:1: storage.sla.erasure.parity: is required",
	} {
		_, err := Parse("s.toml", src, []string{set})
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("--set %s: got %v, want %s", set, err, want)
		}
	}
}

func TestSHA256ChangesWithSets(t *testing.T) {
	a, err1 := LoadBuiltin("default", nil)
	b, err2 := LoadBuiltin("default", []string{"seed=2"})
	c, err3 := LoadBuiltin("default", nil)
	if err := errors.Join(err1, err2, err3); err != nil {
		t.Fatal(err)
	}
	if a.SHA256 == b.SHA256 || a.SHA256 != c.SHA256 || len(a.SHA256) != 64 {
		t.Errorf("sha256 %s %s %s", a.SHA256, b.SHA256, c.SHA256)
	}
}

// TestEveryKeyDocumented checks the key table: every key has a doc line
// and a type, and every default loads (a bad default would panic).
func TestEveryKeyDocumented(t *testing.T) {
	keys := Keys()
	seen := map[string]bool{}
	for _, k := range keys {
		if k.Doc == "" || k.Type == "" || seen[k.Path] {
			t.Errorf("key %+v: missing doc or type, or duplicate", k)
		}
		seen[k.Path] = true
		if k.Default != "" {
			parseDefault(strings.ReplaceAll(k.Default, `"`, "'"))
		}
	}
	for _, p := range []string{"name", "torrent.arrivals.per_hour", "storage.sla.erasure.data",
		"governance.proposal.to", "token.emission.half_life", "catalogue.protocol.numwant"} {
		if !seen[p] {
			t.Errorf("Keys() lacks %s", p)
		}
	}
}

func TestErrorsAreSortedAndComplete(t *testing.T) {
	src := "name = \"x\"\nduration = \"1d\"\nseed = -1\n[market]\nfee = 2.0\nbogus = 1\n"
	_, err := Parse("m.toml", []byte(src), []string{"market.burn_share=3"})
	var es Errors
	if !errors.As(err, &es) || len(es) != 4 {
		t.Fatalf("got %v, want 4 errors", err)
	}
	want := []string{"m.toml:3: seed", "m.toml:5: market.fee", "m.toml:6: market.bogus", "--set:1: market.burn_share"}
	for i, w := range want {
		if !strings.HasPrefix(es[i].Error(), w) {
			t.Errorf("error %d = %q, want prefix %q", i, es[i], w)
		}
	}
}
