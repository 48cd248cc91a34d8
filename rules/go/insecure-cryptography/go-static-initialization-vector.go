package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"io"
)

func encryptLegacy(key, plaintext []byte) []byte {
	block, _ := aes.NewCipher(key)
	out := make([]byte, len(plaintext))
	// ruleid: go-static-initialization-vector
	cipher.NewCBCEncrypter(block, []byte("0123456789abcdef")).CryptBlocks(out, plaintext)
	return out
}

func sealLegacy(gcm cipher.AEAD, plaintext []byte) []byte {
	// ruleid: go-static-initialization-vector
	return gcm.Seal(nil, []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, plaintext, nil)
}

func seal(gcm cipher.AEAD, plaintext []byte) ([]byte, error) {
	nonce := make([]byte, gcm.NonceSize())
	if _, err := io.ReadFull(rand.Reader, nonce); err != nil {
		return nil, err
	}
	// ok: go-static-initialization-vector
	return gcm.Seal(nonce, nonce, plaintext, nil), nil
}

func encrypt(block cipher.Block, plaintext []byte) []byte {
	iv := make([]byte, aes.BlockSize)
	io.ReadFull(rand.Reader, iv)
	out := make([]byte, len(plaintext))
	// ok: go-static-initialization-vector
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, plaintext)
	return append(iv, out...)
}
