package auth

import (
	"github.com/labstack/echo/v4"
	"github.com/gofiber/fiber/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

var landingPages = map[string]string{
	"billing":  "/account/billing",
	"settings": "/account/settings",
}

func afterLogin(next string) string {
	if next == "" {
		return "/"
	}
	return next
}

func login(w http.ResponseWriter, r *http.Request) {
	// ... check the password ...
	next := r.URL.Query().Get("next")
	// ruleid: go-open-redirect
	http.Redirect(w, r, afterLogin(next), http.StatusFound)
	// ok: go-open-redirect
	http.Redirect(w, r, afterLogin(""), http.StatusFound)
	// ok: go-open-redirect
	http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
	if page, ok := landingPages[r.FormValue("page")]; ok {
		// ok: go-open-redirect
		http.Redirect(w, r, page, http.StatusFound)
	}
}

func legacy(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-open-redirect
	http.Redirect(w, r, "/"+r.URL.Path[len("/old/"):], http.StatusMovedPermanently)
	id, err := strconv.Atoi(r.FormValue("id"))
	if err != nil {
		return
	}
	// ok: go-open-redirect
	http.Redirect(w, r, "/items/"+strconv.Itoa(id), http.StatusMovedPermanently)
}

func back(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-open-redirect
	w.Header().Set("Location", r.Referer())
	w.WriteHeader(http.StatusFound)
	// ok: go-open-redirect
	w.Header().Set("Content-Location", r.Referer())
}

func logout(c *gin.Context) {
	target := c.DefaultQuery("return_to", "/")
	// ruleid: go-open-redirect
	c.Redirect(http.StatusFound, target)
	// ok: go-open-redirect
	c.Redirect(http.StatusFound, "/goodbye")
}

func back(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if next == "/dashboard" {
		// ok: go-open-redirect
		http.Redirect(w, r, next, http.StatusFound)
		return
	}
	// ruleid: go-open-redirect
	http.Redirect(w, r, next, http.StatusFound)
}

var returnPaths = map[string]bool{"/": true, "/account": true}

func afterCheckout(w http.ResponseWriter, r *http.Request) {
	dest := r.URL.Query().Get("dest")
	if !returnPaths[dest] {
		dest = "/"
	}
	// ok: go-open-redirect
	http.Redirect(w, r, dest, http.StatusFound)
}

func afterSignup(w http.ResponseWriter, r *http.Request) {
	dest := r.URL.Query().Get("dest")
	if _, known := returnPaths[dest]; !known {
		http.Error(w, "unknown destination", http.StatusBadRequest)
		return
	}
	// ok: go-open-redirect
	http.Redirect(w, r, dest, http.StatusFound)
}

func afterSignout(w http.ResponseWriter, r *http.Request) {
	dest := r.URL.Query().Get("dest")
	ok := returnPaths[dest]
	if ok {
		// ok: go-open-redirect
		http.Redirect(w, r, dest, http.StatusFound)
		return
	}
	// ruleid: go-open-redirect
	http.Redirect(w, r, dest, http.StatusFound)
}

func afterInvite(w http.ResponseWriter, r *http.Request) {
	dest := r.URL.Query().Get("dest")
	seen := map[string]bool{}
	seen[r.URL.Query().Get("from")] = true
	if seen[dest] {
		// ruleid: go-open-redirect
		http.Redirect(w, r, dest, http.StatusFound)
	}
}

func fiberReturn(in *fiber.Ctx) error {
	if in.Query("fixed") == "1" {
		// ok: go-open-redirect
		return in.Redirect("/home", fiber.StatusFound)
	}
	// ruleid: go-open-redirect
	return in.Redirect(in.Query("return_url"), fiber.StatusFound)
}

func echoReturn(e echo.Context) error {
	// ruleid: go-open-redirect
	return e.Redirect(http.StatusFound, e.QueryParam("to"))
}

var partnerHosts = map[string]bool{"partner.example.com": true}

func toPartner(w http.ResponseWriter, r *http.Request) {
	raw := r.FormValue("target")
	parsed, err := url.Parse(raw)
	if err != nil || !partnerHosts[parsed.Host] {
		http.Error(w, "bad target", http.StatusBadRequest)
		return
	}
	// ok: go-open-redirect
	http.Redirect(w, r, raw, http.StatusFound)
}

func toRelative(w http.ResponseWriter, r *http.Request) {
	raw := r.FormValue("target")
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Hostname() != "" {
		raw = "/"
	}
	// ok: go-open-redirect
	http.Redirect(w, r, raw, http.StatusFound)
}

func toAnyHost(w http.ResponseWriter, r *http.Request) {
	raw := r.FormValue("target")
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" {
		return
	}
	// ruleid: go-open-redirect
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func isLocalPath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.Contains(p, `\`)
}

func toLocal(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") && !strings.HasPrefix(next, "/\\") {
		// ok: go-open-redirect
		http.Redirect(w, r, next, http.StatusSeeOther)
	}
	if strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") {
		// ruleid: go-open-redirect
		http.Redirect(w, r, next, http.StatusSeeOther)
	}
	back := r.FormValue("back")
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") || strings.ContainsRune(back, '\\') {
		back = "/"
	}
	// ok: go-open-redirect
	http.Redirect(w, r, back, http.StatusFound)
}

func toLocalChecked(w http.ResponseWriter, r *http.Request) {
	target := r.FormValue("target")
	if !isLocalPath(target) {
		http.Error(w, "bad target", http.StatusBadRequest)
		return
	}
	// ok: go-open-redirect
	http.Redirect(w, r, target, http.StatusFound)
	if strings.HasPrefix(target, "/") {
		// ok: go-open-redirect
		http.Redirect(w, r, target, http.StatusFound)
	}
	other := r.FormValue("other")
	if strings.HasPrefix(other, "/") {
		// ruleid: go-open-redirect
		http.Redirect(w, r, other, http.StatusFound)
	}
}
