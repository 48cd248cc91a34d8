package web

import (
	"github.com/gofiber/fiber/v2"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

var secureCookies = true

func login(w http.ResponseWriter, r *http.Request, sessionID string) {
	// ruleid: go-cookie-missing-secure
	http.SetCookie(w, &http.Cookie{
		Name:     "session",
		Value:    sessionID,
		Path:     "/",
		HttpOnly: true,
		Expires:  time.Now().Add(12 * time.Hour),
	})
}

func remember(w http.ResponseWriter, token string) {
	// ruleid: go-cookie-missing-secure
	c := http.Cookie{Name: "remember_me", Value: token, Secure: false, HttpOnly: true}
	http.SetCookie(w, &c)
}

func ginLogin(c *gin.Context) {
	token := c.GetString("token")
	// ruleid: go-cookie-missing-secure
	c.SetCookie("session", token, 3600, "/", "", false, true)
	// ok: go-cookie-missing-secure
	c.SetCookie("session", token, 3600, "/", "", true, true)
}

func logout(w http.ResponseWriter) {
	// ok: go-cookie-missing-secure
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "", Path: "/", MaxAge: -1, Secure: true, HttpOnly: true})
}

func preferences(w http.ResponseWriter, theme string) {
	// ok: go-cookie-missing-secure
	http.SetCookie(w, &http.Cookie{
		Name:     "theme",
		Value:    theme,
		Secure:   secureCookies,
		SameSite: http.SameSiteLaxMode,
	})
}

func flash(w http.ResponseWriter, falseAlarm bool) {
	// ok: go-cookie-missing-secure
	http.SetCookie(w, &http.Cookie{Name: "flash", Value: "saved", Secure: !falseAlarm})
}

func fiberSession(in *fiber.Ctx, token string) {
	// ruleid: go-cookie-missing-secure
	in.Cookie(&fiber.Cookie{Name: "session", Value: token, HTTPOnly: true})
	// ok: go-cookie-missing-secure
	in.Cookie(&fiber.Cookie{Name: "session", Value: token, Secure: true, HTTPOnly: true})
}

func handWritten(w http.ResponseWriter, token string) {
	// ruleid: go-cookie-missing-secure
	w.Header().Set("Set-Cookie", "sid="+token+"; Path=/; HttpOnly")
	// ok: go-cookie-missing-secure
	w.Header().Add("Set-Cookie", "sid="+token+"; Path=/; Secure; HttpOnly")
	// ok: go-cookie-missing-secure
	w.Header().Set("Set-Cookie", "theme=dark")
}
