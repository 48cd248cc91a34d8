package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/rc4"
	"errors"
)

type legacyBox struct {
	block cipher.Block
}

func newLegacyBox(key []byte) (*legacyBox, error) {
	// ruleid: go-weak-cipher-des-rc4
	block, err := des.NewCipher(key[:8])
	if err != nil {
		return nil, err
	}
	return &legacyBox{block: block}, nil
}

func tripleDES(key []byte) (cipher.Block, error) {
	if len(key) != 24 {
		return nil, errors.New("3des: bad key length")
	}
	// ruleid: go-weak-cipher-des-rc4
	return des.NewTripleDESCipher(key)
}

func streamObfuscate(key, data []byte) []byte {
	// ruleid: go-weak-cipher-des-rc4
	c, _ := rc4.NewCipher(key)
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}

func seal(key, nonce, plaintext []byte) ([]byte, error) {
	// ok: go-weak-cipher-des-rc4
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	// ok: go-weak-cipher-des-rc4
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return gcm.Seal(nil, nonce, plaintext, nil), nil
}
