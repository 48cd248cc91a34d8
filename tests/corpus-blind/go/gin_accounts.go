package accounts

import (
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	xrand "math/rand"
	"net/http"

	"github.com/gin-gonic/gin"
	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// Account is the persisted user record.
type Account struct {
	ID           uint
	Email        string
	DisplayName  string
	PasswordHash string
}

type handler struct {
	store *gorm.DB
}

var allowedNext = map[string]bool{"/": true, "/settings": true, "/billing": true}

// Register mounts the account routes.
func Register(r *gin.Engine, store *gorm.DB) {
	h := &handler{store: store}
	r.GET("/accounts/find", h.find)
	r.GET("/accounts/find/v2", h.findSafe)
	r.POST("/accounts/signup", h.signup)
	r.POST("/accounts/signup/v2", h.signupSafe)
	r.POST("/accounts/session", h.session)
	r.GET("/accounts/:id/avatar", h.avatar)
	r.GET("/accounts/teammates", h.teammates)
	r.GET("/accounts/done", h.done)
	r.GET("/accounts/done/v2", h.doneSafe)
	r.GET("/accounts/banner", h.banner)
	r.GET("/accounts/banner/v2", h.bannerSafe)
}

func (h *handler) find(c *gin.Context) {
	var accts []Account
	name := c.Query("name")
	// ruleid: sql-injection
	h.store.Where("display_name = '" + name + "'").Find(&accts)
	c.JSON(http.StatusOK, accts)
}

func (h *handler) findSafe(c *gin.Context) {
	var accts []Account
	// ok: sql-injection
	h.store.Where("display_name = ?", c.Query("name")).Find(&accts)
	c.JSON(http.StatusOK, accts)
}

func (h *handler) signup(c *gin.Context) {
	email, password := c.PostForm("email"), c.PostForm("password")
	// ruleid: insecure-hashing
	sum := md5.Sum([]byte(password))
	h.store.Create(&Account{Email: email, PasswordHash: hex.EncodeToString(sum[:])})
	c.Status(http.StatusCreated)
}

func (h *handler) signupSafe(c *gin.Context) {
	email, password := c.PostForm("email"), c.PostForm("password")
	// ok: insecure-hashing
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	h.store.Create(&Account{Email: email, PasswordHash: string(hash)})
	c.Status(http.StatusCreated)
}

func (h *handler) session(c *gin.Context) {
	// ruleid: weak-random-number-generation
	legacy := fmt.Sprintf("%016x%016x", xrand.Int63(), xrand.Int63())
	buf := make([]byte, 32)
	// ok: weak-random-number-generation
	if _, err := rand.Read(buf); err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	sid := hex.EncodeToString(buf)
	if c.GetHeader("X-Legacy-Client") != "" {
		// ruleid: insecure-cookie
		c.SetCookie("sid", legacy, 3600, "/", "", false, false)
		return
	}
	c.SetSameSite(http.SameSiteLaxMode)
	// ok: insecure-cookie
	c.SetCookie("sid", sid, 3600, "/", "", true, true)
}

func (h *handler) avatar(c *gin.Context) {
	data := []byte("avatar:" + c.Param("id"))
	// ok: insecure-hashing
	etag := md5.Sum(data)
	c.Header("ETag", hex.EncodeToString(etag[:]))
	c.Data(http.StatusOK, "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`))
}

func (h *handler) teammates(c *gin.Context) {
	var accts []Account
	h.store.Limit(20).Find(&accts)
	// ok: weak-random-number-generation
	xrand.Shuffle(len(accts), func(i, j int) { accts[i], accts[j] = accts[j], accts[i] })
	c.JSON(http.StatusOK, accts)
}

func (h *handler) done(c *gin.Context) {
	// ruleid: open-redirect
	c.Redirect(http.StatusFound, c.Query("next"))
}

func (h *handler) doneSafe(c *gin.Context) {
	next := c.Query("next")
	if !allowedNext[next] {
		next = "/"
	}
	// ok: open-redirect
	c.Redirect(http.StatusFound, next)
}

func (h *handler) banner(c *gin.Context) {
	msg := c.DefaultQuery("msg", "Welcome")
	// ruleid: cross-site-scripting
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte("<div class=\"banner\">"+msg+"</div>"))
}

func (h *handler) bannerSafe(c *gin.Context) {
	msg := c.DefaultQuery("msg", "Welcome")
	// ok: cross-site-scripting
	c.HTML(http.StatusOK, "banner.tmpl", gin.H{"Message": msg})
}
