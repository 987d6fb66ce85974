// Package token is the ledger's arithmetic: Amount, a signed 128-bit
// integer number of base units (10^decimals base units make one token),
// with overflow-checked operations that never allocate, exact decimal
// parsing and printing, and division that hands back its remainder so that
// no base unit is ever rounded away silently.
//
// 128 bits hold BTT's real supply, 990×10^12 tokens, even at 18 decimals
// (about 9.9×10^32 base units, under the limit of about 1.7×10^38).
package token
