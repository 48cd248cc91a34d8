package accounts

import (
	"crypto/md5"
	crand "crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/rand"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-ldap/ldap/v3"
	"go.uber.org/zap"
	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

const (
	ldapBaseDN = "ou=people,dc=corp,dc=example"
	ldapBindDN = "cn=svc-accounts,ou=services,dc=corp,dc=example"
	// ruleid: hardcoded-credentials
	ldapBindPassword = "Qw7!mZp2#Lr9vX"
	resetTTL         = 30 * time.Minute
	sessionCookie    = "acct_session"
)

var (
	// ruleid: hardcoded-credentials
	jwtSigningKey = []byte("accounts-prod-signing-key-2023")
	// ok: hardcoded-credentials
	smtpPassword = os.Getenv("ACCOUNTS_SMTP_PASSWORD")
)

var listOrder = map[string]string{
	"name":   "display_name ASC",
	"newest": "created_at DESC",
	"email":  "email ASC",
}

var postLogin = map[string]string{
	"billing":  "/billing/overview",
	"settings": "/accounts/settings",
	"home":     "/accounts/home",
}

type User struct {
	ID           uint
	Email        string
	DisplayName  string
	PasswordHash string
	LegacyHash   string
	ResetDigest  string
	ResetExpiry  time.Time
	AvatarPNG    []byte
}

type AccountHandler struct {
	orm     *gorm.DB
	log     *zap.Logger
	ldapURL string
	sampler *rand.Rand
}

func NewAccountHandler(db *gorm.DB, ldapURL string) (*AccountHandler, error) {
	lg, err := zap.NewDevelopment()
	if err != nil {
		return nil, err
	}
	return &AccountHandler{
		orm:     db,
		log:     lg,
		ldapURL: ldapURL,
		sampler: rand.New(rand.NewSource(time.Now().UnixNano())),
	}, nil
}

func Register(r *gin.Engine, h *AccountHandler) {
	g := r.Group("/accounts")
	g.POST("/login", h.Login)
	g.GET("/logout", h.Logout)
	g.GET("/users", h.ListUsers)
	g.GET("/users/:id", h.GetUser)
	g.POST("/reset", h.StartReset)
	g.GET("/directory", h.Directory)
	g.GET("/avatar/:id", h.Avatar)
}

func (h *AccountHandler) issueToken() string {
	b := make([]byte, 32)
	// ok: weak-random-number-generation
	if _, err := crand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func (h *AccountHandler) Login(c *gin.Context) {
	email := strings.TrimSpace(c.PostForm("email"))
	password := c.PostForm("password")

	var u User
	// ok: sql-injection
	if err := h.orm.Where("email = ?", email).First(&u).Error; err != nil {
		// ruleid: log-injection
		h.log.Info("login failed, unknown account " + email)
		c.String(http.StatusUnauthorized, "invalid credentials")
		return
	}

	if u.LegacyHash != "" {
		// ruleid: insecure-hashing
		sum := md5.Sum([]byte(password))
		if hex.EncodeToString(sum[:]) != u.LegacyHash {
			c.String(http.StatusUnauthorized, "invalid credentials")
			return
		}
		if nh, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost); err == nil {
			h.orm.Model(&u).Updates(map[string]any{"password_hash": string(nh), "legacy_hash": ""})
		}
	} else if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		// ok: log-injection
		h.log.Info("login failed, bad password", zap.String("email", email), zap.Uint("user_id", u.ID))
		c.String(http.StatusUnauthorized, "invalid credentials")
		return
	}

	tok := h.issueToken()
	// ok: insecure-cookie
	c.SetCookie(sessionCookie, tok, int((8 * time.Hour).Seconds()), "/", "", true, true)
	if c.PostForm("remember") == "on" {
		// ruleid: insecure-cookie
		c.SetCookie("acct_remember", tok, 60*60*24*30, "/", "", false, false)
	}

	if dest, ok := postLogin[c.PostForm("to")]; ok {
		// ok: open-redirect
		c.Redirect(http.StatusSeeOther, dest)
		return
	}
	next := c.PostForm("next")
	if strings.HasPrefix(next, "/") {
		// ruleid: open-redirect
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	c.Redirect(http.StatusSeeOther, "/accounts/home")
}

// localPath returns raw when it is a same-origin path, "/" otherwise.
func localPath(raw string) string {
	if raw == "" || strings.Contains(raw, `\`) {
		return "/"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	if !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return u.RequestURI()
}

func (h *AccountHandler) Logout(c *gin.Context) {
	c.SetCookie(sessionCookie, "", -1, "/", "", true, true)
	if back := c.Query("return"); back != "" {
		// ok: open-redirect
		c.Redirect(http.StatusFound, localPath(back))
		return
	}
	portal := c.Query("portal")
	if u, err := url.Parse(portal); err == nil && (u.Host == "" || strings.HasSuffix(u.Host, "example.com")) {
		// ruleid: open-redirect
		c.Redirect(http.StatusFound, portal)
		return
	}
	c.Redirect(http.StatusFound, "/")
}

func (h *AccountHandler) ListUsers(c *gin.Context) {
	q := h.orm.Model(&User{}).Select("id, email, display_name")
	if name := c.Query("name"); name != "" {
		// ruleid: sql-injection
		q = q.Where("display_name LIKE '%" + name + "%'")
	}
	if dom := c.Query("domain"); dom != "" {
		// ok: sql-injection
		q = q.Where("email LIKE ?", "%@"+dom)
	}
	if ord, ok := listOrder[c.DefaultQuery("order", "name")]; ok {
		// ok: sql-injection
		q = q.Order(ord)
	} else {
		// ruleid: sql-injection
		q = q.Order(c.Query("order"))
	}
	var out []User
	if err := q.Limit(100).Find(&out).Error; err != nil {
		h.log.Error("list users", zap.Error(err))
		// ok: stack-trace-exposure
		c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"error": "internal error"})
		return
	}
	c.JSON(http.StatusOK, out)
}

func (h *AccountHandler) GetUser(c *gin.Context) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		c.Status(http.StatusBadRequest)
		return
	}
	var u User
	// ok: sql-injection
	res := h.orm.Raw(fmt.Sprintf("SELECT id, email, display_name FROM users WHERE id = %d", id)).Scan(&u)
	if res.Error != nil {
		// ruleid: stack-trace-exposure
		c.JSON(http.StatusInternalServerError, gin.H{"error": res.Error.Error()})
		return
	}
	if tenant := c.GetHeader("X-Tenant"); tenant != "" {
		var n int64
		// ruleid: sql-injection
		h.orm.Raw(fmt.Sprintf("SELECT count(*) FROM memberships WHERE user_id = %d AND tenant = '%s'", id, tenant)).Scan(&n)
		c.Header("X-Membership-Count", strconv.FormatInt(n, 10))
	}
	c.JSON(http.StatusOK, u)
}

func (h *AccountHandler) StartReset(c *gin.Context) {
	email := c.PostForm("email")
	var u User
	if err := h.orm.Where(&User{Email: email}).First(&u).Error; err != nil {
		c.Status(http.StatusAccepted)
		return
	}
	// ruleid: weak-random-number-generation
	code := fmt.Sprintf("%06d", rand.Intn(1000000))
	// ruleid: insecure-hashing
	digest := sha1.Sum([]byte(code))
	h.orm.Model(&u).Updates(map[string]any{"reset_digest": hex.EncodeToString(digest[:]), "reset_expiry": time.Now().Add(resetTTL)})

	// ok: insecure-hashing
	audit := sha256.Sum256([]byte(fmt.Sprintf("%d:%s", u.ID, time.Now().Format(time.RFC3339))))
	// ok: weak-random-number-generation
	if h.sampler.Float64() < 0.05 {
		h.log.Debug("reset sampled", zap.String("audit", hex.EncodeToString(audit[:8])))
	}
	sendResetMail(u.Email, code)
	c.Status(http.StatusAccepted)
}

func (h *AccountHandler) Directory(c *gin.Context) {
	name := c.Query("name")
	dept := c.Query("dept")

	conn, err := ldap.DialURL(h.ldapURL)
	if err != nil {
		c.String(http.StatusBadGateway, "directory unavailable")
		return
	}
	defer conn.Close()
	if err := conn.Bind(ldapBindDN, ldapBindPassword); err != nil {
		c.String(http.StatusBadGateway, "directory unavailable")
		return
	}

	attrs := []string{"cn", "mail", "department"}
	// ok: ldap-injection
	byDept := ldap.NewSearchRequest(ldapBaseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 200, 10, false, fmt.Sprintf("(&(objectClass=person)(department=%s))", ldap.EscapeFilter(dept)), attrs, nil)
	// ruleid: ldap-injection
	byName := ldap.NewSearchRequest(ldapBaseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 200, 10, false, "(&(objectClass=person)(cn=*"+name+"*))", attrs, nil)

	var sb strings.Builder
	for _, req := range []*ldap.SearchRequest{byDept, byName} {
		res, err := conn.Search(req)
		if err != nil {
			continue
		}
		for _, e := range res.Entries {
			sb.WriteString("<li>" + e.GetAttributeValue("cn") + "</li>")
		}
	}
	if c.Query("fmt") == "text" {
		// ok: cross-site-scripting
		c.String(http.StatusOK, "results for %s\n%s", name, sb.String())
		return
	}
	// ruleid: cross-site-scripting
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte("<h3>People matching "+name+"</h3><ul>"+sb.String()+"</ul>"))
}

func (h *AccountHandler) Avatar(c *gin.Context) {
	var u User
	// ruleid: sql-injection
	if err := h.orm.First(&u, c.Param("id")).Error; err != nil {
		c.Status(http.StatusNotFound)
		return
	}
	// ok: insecure-hashing
	etag := fmt.Sprintf("%x", md5.Sum(u.AvatarPNG))
	// ok: header-injection
	c.Header("ETag", `"`+etag+`"`)
	if src := c.Query("src"); src != "" {
		// ruleid: header-injection
		c.Header("X-Avatar-Source", src)
	}
	c.Data(http.StatusOK, "image/png", u.AvatarPNG)
}

func sendResetMail(to, code string) {
	_ = smtpPassword
	_ = jwtSigningKey
	_ = to
	_ = code
}
