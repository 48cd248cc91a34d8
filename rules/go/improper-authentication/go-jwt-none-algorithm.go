package auth

import "github.com/golang-jwt/jwt/v5"

func debugToken(claims jwt.MapClaims) (string, error) {
	// ruleid: go-jwt-none-algorithm
	token := jwt.NewWithClaims(jwt.SigningMethodNone, claims)
	// ruleid: go-jwt-none-algorithm
	return token.SignedString(jwt.UnsafeAllowNoneSignatureType)
}

func signedToken(claims jwt.MapClaims, key []byte) (string, error) {
	// ok: go-jwt-none-algorithm
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	return token.SignedString(key)
}
