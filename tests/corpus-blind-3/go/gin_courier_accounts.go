package couriers

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	mrand "math/rand"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-ldap/ldap/v3"
	log "github.com/sirupsen/logrus"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"golang.org/x/crypto/bcrypt"
)

const (
	ldapURL    = "ldaps://ldap.corp.example.com:636"
	ldapBindDN = "cn=courier-svc,ou=services,dc=corp,dc=example,dc=com"
	portalHost = "couriers.example.com"
	debugMode  = false
)

// ruleid: hardcoded-credentials
var ldapBindPassword = "Cour13r-LDAP!2023"

// ok: hardcoded-credentials
var webhookSecret = os.Getenv("COURIER_WEBHOOK_SECRET")

type Handlers struct {
	couriers *mongo.Collection
	roots    *x509.CertPool
	fieldKey []byte
}

type loginRequest struct {
	Email    string `json:"email" binding:"required,email"`
	Password string `json:"password" binding:"required"`
	Remember bool   `json:"remember"`
}

func oneLine(s string) string {
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
}

func (h *Handlers) Register(r *gin.Engine) {
	r.Use(gin.CustomRecovery(func(c *gin.Context, rec any) {
		if debugMode {
			// ok: stack-trace-exposure
			c.String(http.StatusInternalServerError, "panic: %v\n%s", rec, debug.Stack())
			return
		}
		c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"error": "internal error"})
	}))
	g := r.Group("/couriers")
	g.POST("/login", h.login)
	g.GET("/search", h.search)
	g.GET("/zone/:zone", h.byZone)
	g.GET("/directory", h.directory)
	g.POST("/otp", h.otp)
	g.GET("/continue", h.continueTo)
	g.POST("/vehicles/:id/vin", h.sealVIN)
	g.POST("/proofs", h.uploadProof)
}

func (h *Handlers) login(c *gin.Context) {
	var req loginRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "invalid body"})
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), 3*time.Second)
	defer cancel()
	var doc struct {
		ID         string `bson:"_id"`
		Hash       string `bson:"pw_hash"`
		LegacyHash string `bson:"legacy_hash"`
	}
	// ok: nosql-injection
	err := h.couriers.FindOne(ctx, bson.M{"email": req.Email}).Decode(&doc)
	ok := err == nil
	if ok && doc.Hash != "" {
		ok = bcrypt.CompareHashAndPassword([]byte(doc.Hash), []byte(req.Password)) == nil
	} else if ok {
		// ruleid: insecure-hashing
		sum := md5.Sum([]byte(req.Password))
		ok = hex.EncodeToString(sum[:]) == doc.LegacyHash
	}
	if !ok {
		// ruleid: log-injection
		log.Warnf("failed courier login for %s", c.GetHeader("X-Courier-Device"))
		c.JSON(http.StatusUnauthorized, gin.H{"error": "unauthorized"})
		return
	}
	// ok: log-injection
	log.Infof("courier login %s device=%s", doc.ID, oneLine(c.GetHeader("X-Courier-Device")))
	b := make([]byte, 32)
	rand.Read(b)
	sid := base64.RawURLEncoding.EncodeToString(b)
	// ok: insecure-cookie
	c.SetCookie("courier_session", sid, 3600, "/", portalHost, true, true)
	if req.Remember {
		// ruleid: insecure-cookie
		c.SetCookie("courier_remember", sid, 30*24*3600, "/", portalHost, false, false)
	}
	c.JSON(http.StatusOK, gin.H{"id": doc.ID})
}

func (h *Handlers) search(c *gin.Context) {
	filter := bson.M{}
	if err := json.Unmarshal([]byte(c.Query("filter")), &filter); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "bad filter"})
		return
	}
	// ruleid: nosql-injection
	cur, err := h.couriers.Find(c.Request.Context(), filter)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "query failed"})
		return
	}
	var out []bson.M
	cur.All(c.Request.Context(), &out)
	c.JSON(http.StatusOK, out)
}

func (h *Handlers) byZone(c *gin.Context) {
	zone := c.Param("zone")
	where := fmt.Sprintf("this.zones.indexOf('%s') >= 0 && this.active", zone)
	// ruleid: nosql-injection
	cur, err := h.couriers.Find(c.Request.Context(), bson.D{{Key: "$where", Value: where}})
	if err != nil {
		c.Status(http.StatusInternalServerError)
		return
	}
	var out []bson.M
	cur.All(c.Request.Context(), &out)
	c.JSON(http.StatusOK, out)
}

func (h *Handlers) directory(c *gin.Context) {
	tlsCfg := &tls.Config{ServerName: "ldap.corp.example.com", RootCAs: h.roots}
	if c.Query("legacy") == "1" {
		// ruleid: improper-certificate-validation
		tlsCfg = &tls.Config{InsecureSkipVerify: true}
	}
	conn, err := ldap.DialURL(ldapURL, ldap.DialWithTLSConfig(tlsCfg))
	if err != nil {
		c.Status(http.StatusBadGateway)
		return
	}
	defer conn.Close()
	if err := conn.Bind(ldapBindDN, ldapBindPassword); err != nil {
		c.Status(http.StatusBadGateway)
		return
	}
	uid, mail := c.Query("uid"), c.Query("mail")
	// ok: ldap-injection
	byUID := ldap.NewSearchRequest("ou=couriers,dc=corp,dc=example,dc=com", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 10, 5, false, fmt.Sprintf("(&(objectClass=courier)(uid=%s))", ldap.EscapeFilter(uid)), []string{"cn", "mail"}, nil)
	// ruleid: ldap-injection
	byMail := ldap.NewSearchRequest("ou=couriers,dc=corp,dc=example,dc=com", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 10, 5, false, "(&(objectClass=courier)(mail="+mail+"))", []string{"cn", "uid"}, nil)
	res := []string{}
	for _, sr := range []*ldap.SearchRequest{byUID, byMail} {
		if r, err := conn.Search(sr); err == nil {
			for _, e := range r.Entries {
				res = append(res, e.DN)
			}
		}
	}
	c.JSON(http.StatusOK, gin.H{"entries": res})
}

func (h *Handlers) otp(c *gin.Context) {
	// ok: weak-random-number-generation
	n, _ := rand.Int(rand.Reader, big.NewInt(1000000))
	// ok: weak-random-number-generation
	backoff := time.Duration(mrand.Intn(250)) * time.Millisecond
	// ruleid: weak-random-number-generation
	pickup := fmt.Sprintf("%04d", mrand.Intn(10000))
	c.JSON(http.StatusOK, gin.H{"otp": fmt.Sprintf("%06d", n.Int64()), "pickupCode": pickup, "retryAfterMs": backoff.Milliseconds()})
}

func (h *Handlers) continueTo(c *gin.Context) {
	next := c.Query("next")
	u, err := url.Parse(next)
	if err == nil && u.Scheme == "https" && u.Host == portalHost {
		// ok: open-redirect
		c.Redirect(http.StatusFound, u.String())
		return
	}
	if strings.HasPrefix(next, "https://"+portalHost) {
		// ruleid: open-redirect
		c.Redirect(http.StatusFound, next)
		return
	}
	c.Redirect(http.StatusFound, "/couriers")
}

func (h *Handlers) sealVIN(c *gin.Context) {
	vin := []byte(c.PostForm("vin"))
	if c.Query("format") == "v1" {
		// ruleid: insecure-cryptography
		blk, _ := des.NewCipher(h.fieldKey[:8])
		out := make([]byte, des.BlockSize)
		blk.Encrypt(out, append(vin, make([]byte, des.BlockSize)...)[:des.BlockSize])
		c.JSON(http.StatusOK, gin.H{"vin": hex.EncodeToString(out)})
		return
	}
	blk, _ := aes.NewCipher(h.fieldKey)
	gcm, _ := cipher.NewGCM(blk)
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce)
	// ok: insecure-cryptography
	sealed := gcm.Seal(nonce, nonce, vin, nil)
	c.JSON(http.StatusOK, gin.H{"vin": base64.StdEncoding.EncodeToString(sealed)})
}

func (h *Handlers) uploadProof(c *gin.Context) {
	body, err := c.GetRawData()
	if err != nil {
		c.Status(http.StatusBadRequest)
		return
	}
	// ok: insecure-hashing
	checksum := sha1.Sum(body)
	// ruleid: insecure-hashing
	sig := md5.Sum(append([]byte(webhookSecret), body...))
	c.Header("X-Proof-Checksum", hex.EncodeToString(checksum[:]))
	c.JSON(http.StatusCreated, gin.H{"signature": hex.EncodeToString(sig[:])})
}
