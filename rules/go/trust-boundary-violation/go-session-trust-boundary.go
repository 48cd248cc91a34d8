package web

import (
	"net/http"
	"strconv"

	"github.com/gin-contrib/sessions"
	"github.com/gin-gonic/gin"
	gsessions "github.com/gorilla/sessions"
)

var store = gsessions.NewCookieStore([]byte("k"))

func setRole(w http.ResponseWriter, r *http.Request) {
	session, _ := store.Get(r, "app")
	// ruleid: go-session-trust-boundary
	session.Values["role"] = r.FormValue("role")
	// ok: go-session-trust-boundary
	session.Values["theme"] = "dark"
	page, _ := strconv.Atoi(r.FormValue("page"))
	// ok: go-session-trust-boundary
	session.Values["page"] = page
	session.Save(r, w)
}

func setTenant(c *gin.Context) {
	session := sessions.Default(c)
	// ruleid: go-session-trust-boundary
	session.Set("tenant", c.Query("tenant"))
	// ok: go-session-trust-boundary
	session.Set("visited", true)
	session.Save()
}
