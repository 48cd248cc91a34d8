package auth

import (
	"errors"

	"github.com/golang-jwt/jwt/v5"
)

func subject(raw string, key []byte) (string, error) {
	claims := jwt.MapClaims{}
	// ruleid: go-jwt-parse-unverified
	if _, _, err := jwt.NewParser().ParseUnverified(raw, claims); err != nil {
		return "", err
	}
	// ok: go-jwt-parse-unverified
	token, err := jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) {
		if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {
			return nil, errors.New("unexpected signing method")
		}
		return key, nil
	})
	if err != nil || !token.Valid {
		return "", errors.New("invalid token")
	}
	return claims["sub"].(string), nil
}
