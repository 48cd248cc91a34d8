package vault

import (
	"crypto/aes"
	"crypto/cipher"
)

func encryptRecords(key, plaintext []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	bs := block.BlockSize()
	out := make([]byte, len(plaintext))
	for i := 0; i+bs <= len(plaintext); i += bs {
		// ruleid: go-block-cipher-ecb-mode
		block.Encrypt(out[i:i+bs], plaintext[i:i+bs])
	}
	return out, nil
}

func decryptAll(block cipher.Block, data []byte) []byte {
	out := make([]byte, len(data))
	for start := 0; start < len(data); start += aes.BlockSize {
		end := start + aes.BlockSize
		// ruleid: go-block-cipher-ecb-mode
		block.Decrypt(out[start:end], data[start:end])
	}
	return out
}

// deriveSubkey encrypts one fixed block, as CMAC does; not a mode of operation.
func deriveSubkey(block cipher.Block) []byte {
	zero := make([]byte, aes.BlockSize)
	l := make([]byte, aes.BlockSize)
	// ok: go-block-cipher-ecb-mode
	block.Encrypt(l, zero)
	return l
}

func sealAll(gcm cipher.AEAD, nonces, messages [][]byte) [][]byte {
	var out [][]byte
	for i, msg := range messages {
		// ok: go-block-cipher-ecb-mode
		out = append(out, gcm.Seal(nil, nonces[i], msg, nil))
	}
	return out
}

func ctrStream(block cipher.Block, iv, data []byte) []byte {
	out := make([]byte, len(data))
	stream := cipher.NewCTR(block, iv)
	for i := 0; i < len(data); i += 512 {
		end := min(i+512, len(data))
		// ok: go-block-cipher-ecb-mode
		stream.XORKeyStream(out[i:end], data[i:end])
	}
	return out
}
