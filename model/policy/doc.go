// Package policy is the registry of pluggable policies by name, as
// database/sql registers drivers: each policy registers itself (Register,
// usually from an init function) under a kind and a name, with a short and
// a long description and its parameters, and scenarios select it with
// `policy = "name"`. `swarmecon list policies` prints the registry.
//
// A researcher adds an emission schedule by writing a token.Schedule and
// registering an EmissionFactory for it; a delegation strategy by
// registering a chain.Delegation. The names a scenario may use are also
// checked by the scenario loader, which needs the new name (and any new
// parameter) in its key table.
package policy
