package store

import (
	"encoding/base64"
	"encoding/binary"
)

// continueVersion is the first byte of a decoded continue token.
const continueVersion = 1

// EncodeContinue returns the continue token for a page that ended at
// lastKey in the snapshot at revision rev. The token is opaque to clients;
// backends use it through EncodeContinue and DecodeContinue.
func EncodeContinue(rev int64, lastKey string) string {
	b := make([]byte, 0, 1+binary.MaxVarintLen64+len(lastKey))
	b = append(b, continueVersion)
	b = binary.AppendUvarint(b, uint64(rev))
	b = append(b, lastKey...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeContinue returns the revision and last key of a token made by
// EncodeContinue. A malformed token gives an error wrapping
// ErrInvalidContinue; it never panics.
func DecodeContinue(token string) (rev int64, lastKey string, err error) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return 0, "", Errorf(ErrInvalidContinue, "continue token %q is not base64url: %v", token, err)
	}
	if len(b) == 0 || b[0] != continueVersion {
		return 0, "", Errorf(ErrInvalidContinue, "continue token %q has an unknown format; pass the token of the previous page unchanged", token)
	}
	r, n := binary.Uvarint(b[1:])
	if n <= 0 || r == 0 || r > 1<<62 {
		return 0, "", Errorf(ErrInvalidContinue, "continue token %q has no valid revision", token)
	}
	key := b[1+n:]
	if len(key) == 0 {
		return 0, "", Errorf(ErrInvalidContinue, "continue token %q has no key", token)
	}
	return int64(r), string(key), nil
}
