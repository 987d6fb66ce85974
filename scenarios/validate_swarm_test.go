package scenarios

import "testing"

// TestSwarmEdgesAccepted loads torrents at the edge of each cross-key
// rule of validate_swarm.go: the rules must refuse only what cannot run
// meaningfully (testdata/bad holds the other side of each edge).
func TestSwarmEdgesAccepted(t *testing.T) {
	for name, body := range map[string]string{
		"some free riders":           "[torrent.peers]\nupload = { dist = \"classes\", values = [\"0B/s\", \"1MiB/s\"], weights = [0.9, 0.1] }",
		"uniform from zero upload":   "[torrent.peers]\nupload = { dist = \"uniform\", min = \"0B/s\", max = \"1MiB/s\" }",
		"optimistic every round":     "[torrent.protocol]\nrechoke_interval = \"10s\"\noptimistic_interval = \"10s\"",
		"optimistic every 4 rounds":  "[torrent.protocol]\nrechoke_interval = \"1.5s\"\noptimistic_interval = \"6s\"",
		"numwant = max_connections":  "[torrent.protocol]\nnumwant = 40\nmax_connections = 40",
		"255 connections":            "[torrent.protocol]\nnumwant = 255\nmax_connections = 255",
		"one-second timers":          "[torrent.protocol]\nrechoke_interval = \"1s\"\noptimistic_interval = \"3s\"\nsnub_timeout = \"1s\"\nannounce_interval = \"1s\"",
		"crowd over the whole run":   "[torrent.arrivals]\nprocess = \"flash-crowd\"\npeers = 1\nwithin = \"1d\"\nuntil = \"2d\"",
		"arrivals until after a run": "[torrent.arrivals]\nper_hour = 0.001\nuntil = \"30d\"",
	} {
		src := "name = \"edge\"\nduration = \"1d\"\n[[torrent]]\nname = \"t\"\nfile_size = \"1GiB\"\n" + body + "\n"
		if _, err := Parse("edge.toml", []byte(src), nil); err != nil {
			t.Errorf("%s: refused: %v", name, err)
		}
	}
	cat := "name = \"edge\"\nduration = \"1d\"\n[catalogue]\ntorrents = 3\nfile_size = \"1TiB\"\n"
	if _, err := Parse("edge.toml", []byte(cat), nil); err != nil {
		t.Errorf("a catalogue of 1TiB files in 1MiB pieces (the most pieces a file may have): refused: %v", err)
	}
}
