// Package scenarios loads and validates swarmecon's TOML scenarios (the
// format of SCENARIO.md) into typed Go values with every default filled
// in, and holds the built-in scenarios.
//
// Values:
//   - Durations are strings with a unit: "250ms", "10s", "30m", "1.5h",
//     "7d", "1y" (365 days); units us, ms, s, m, h, d, y. Decimals are
//     allowed when the result is a whole number of microseconds.
//   - Sizes: "16KiB", "1MiB", "90GB", in B or SI (kB, MB, GB, TB, PB) or
//     IEC (KiB ... PiB) units, a whole number of bytes.
//   - Rates: a size unit or a bit unit (bit, kbit, Mbit, Gbit, Tbit) per
//     second: "1MiB/s", "8Mbit/s".
//   - A bare number where a unit is required is an error.
//   - Distributions, where a key says so: a plain value (a constant) or
//     { dist = "constant" | "exponential" | "lognormal" | "uniform" |
//     "classes", ... } with the parameters of sim.Dist, each in the key's
//     unit (sigma and the weights are plain numbers).
//   - Token amounts are whole tokens as an integer (20_000_000), a float
//     (0.125, read through its shortest decimal form, so it stays exact) or
//     a string of digits ("990000000000000000000") for values beyond what
//     an integer or float holds exactly. They become token.Amount base
//     units at token.decimals, and must be a whole number of base units and
//     fit in 128 signed bits.
//   - [token.emission] may be one table or several [[token.emission]].
//
// Errors are reported all at once, each as
//
//	file:line: key.path: what is wrong (what is allowed)
//
// where elements of arrays of tables appear with their index from 0
// (torrent.1.piece_size). Overrides (--set key=value, see set.go) are
// validated the same way and located as --set:N.
//
// The Go names of all keys are in types.go, the one place that maps them.
package scenarios
