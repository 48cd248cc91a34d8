package session

import (
	"encoding/base64"
	"fmt"
	"math/rand"
	mrand "math/rand"
	"net/http"
	"strconv"
	"time"
)

const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

type Session struct {
	ID    string
	Nonce int64
	Retry time.Duration
}

func newSessionToken() string {
	b := make([]byte, 32)
	// ruleid: go-math-rand-secret
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	// ruleid: go-math-rand-secret
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return b
}

func GeneratePassword(length int) string {
	out := make([]byte, length)
	for i := range out {
		// ruleid: go-math-rand-secret
		out[i] = letters[rand.Intn(len(letters))]
	}
	return string(out)
}

func (s *Session) resetOTP() string {
	// ruleid: go-math-rand-secret
	return fmt.Sprintf("%06d", rand.Int31n(1000000))
}

func issue(w http.ResponseWriter) {
	// ruleid: go-math-rand-secret
	csrf := fmt.Sprintf("%x", rand.Int63())
	http.SetCookie(w, &http.Cookie{Name: "csrf", Value: csrf, Secure: true, HttpOnly: true})
	s := Session{
		ID: "s1",
		// ruleid: go-math-rand-secret
		Nonce: rand.Int63(),
		// ok: go-math-rand-secret
		Retry: time.Duration(rand.Intn(500)) * time.Millisecond,
	}
	_ = s
}

func backoff(attempt int) time.Duration {
	// ok: go-math-rand-secret
	jitter := time.Duration(rand.Int63n(int64(time.Second)))
	return time.Duration(attempt)*time.Second + jitter
}

func pickServer(servers []string) string {
	// ok: go-math-rand-secret
	return servers[rand.Intn(len(servers))]
}

func shuffleDeck(cards []int) {
	// ok: go-math-rand-secret
	rand.Shuffle(len(cards), func(i, j int) { cards[i], cards[j] = cards[j], cards[i] })
}

func sampleKeyboardLayout(layouts []string) string {
	// ok: go-math-rand-secret
	monkey := layouts[rand.Intn(len(layouts))]
	return monkey
}

func apiCredentials() (string, string) {
	user := "svc"
	var apiKey string
	// ruleid: go-math-rand-secret
	apiKey = fmt.Sprintf("%016x", rand.Uint64())
	return user, apiKey
}

func render(rows []string) string {
	// ok: go-math-rand-secret
	mykeyboard := rows[rand.Intn(len(rows))]
	return mykeyboard
}

func newInviteToken() string {
	// ruleid: go-math-rand-secret
	return fmt.Sprint(mrand.Int63())
}

func issueVoucher() string {
	// ruleid: go-math-rand-secret
	redeemCode := fmt.Sprintf("%08d", rand.Intn(100000000))
	return redeemCode
}

func startPairing() string {
	// ruleid: go-math-rand-secret
	pairing := fmt.Sprintf("%06d", rand.Intn(1000000))
	return pairing
}

func pickColour(colours []string) string {
	// ok: go-math-rand-secret
	colourCode := colours[rand.Intn(len(colours))]
	return colourCode
}

func issueCouponCode() string {
	var b strings.Builder
	for i := 0; i < 8; i++ {
		// ruleid: go-math-rand-secret
		b.WriteByte("ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[rand.Intn(32)])
	}
	// ok: go-math-rand-secret
	if rand.Float64() < 0.01 {
		log.Printf("coupon issued")
	}
	return b.String()
}

func issueOTP() (string, time.Duration) {
	// ruleid: go-math-rand-secret
	code := fmt.Sprintf("%06d", rand.Intn(1000000))
	// ok: go-math-rand-secret
	backoff := time.Duration(rand.Intn(250)) * time.Millisecond
	// ok: go-math-rand-secret
	jitterMs := rand.Intn(100)
	return code + strconv.Itoa(jitterMs), backoff
}
