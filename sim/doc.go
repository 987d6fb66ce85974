// Package sim is swarmecon's deterministic discrete-event kernel: simulated
// time, the event queue, named random streams, and shards that run in
// parallel between epoch barriers. It knows no domain word, opens no file
// and never reads the wall clock; models build on it.
package sim
