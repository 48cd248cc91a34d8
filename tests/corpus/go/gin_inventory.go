// Package main is an inventory service on gin: items, suppliers, uploads and exports.
package main

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log"
	mathrand "math/rand"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-contrib/sessions"
	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
)

type Server struct {
	db       *sql.DB
	adminKey string
}

const exportRoot = "/var/lib/inventory/exports"

var orderColumns = map[string]string{"name": "name", "stock": "stock_level"}

func itemQuery(category string) string {
	return "SELECT id, name FROM items WHERE category = '" + category + "'"
}

func escapeLike(term string) string {
	return strings.NewReplacer("%", "\\%", "_", "\\_").Replace(term)
}

func listItems(db *sql.DB) gin.HandlerFunc {
	return func(c *gin.Context) {
		category := c.Query("category")
		// ruleid: sql-injection
		db.Query(itemQuery(category))
		// ok: sql-injection
		db.Query("SELECT id, name FROM items WHERE category = $1", category)
		// ok: sql-injection
		db.Query("SELECT id, name FROM items WHERE name LIKE $1", "%"+escapeLike(c.Query("q"))+"%")
		limit, err := strconv.Atoi(c.DefaultQuery("limit", "50"))
		if err != nil {
			limit = 50
		}
		// ok: sql-injection
		db.Query(fmt.Sprintf("SELECT id, name FROM items LIMIT %d", limit))
		// ruleid: sql-injection
		db.Exec("UPDATE items SET viewed = viewed + 1 WHERE sku = '" + c.Param("sku") + "'")
		// ruleid: sql-injection
		db.QueryRow(fmt.Sprintf("SELECT * FROM items WHERE supplier = '%s'", c.PostForm("supplier")))
		// ok: sql-injection
		db.Query("SELECT id, name FROM items ORDER BY " + "name")
		c.JSON(http.StatusOK, gin.H{"ok": true})
	}
}

func supplierReport(c *gin.Context) {
	supplier := c.Query("supplier")
	// ruleid: os-command-injection
	exec.Command("sh", "-c", "report-gen --supplier "+supplier).Run()
	// ok: os-command-injection
	exec.Command("report-gen", "--supplier", supplier).Run()
	// ok: os-command-injection
	exec.Command("sh", "-c", "report-gen --all").Run()
	format := c.DefaultQuery("format", "pdf")
	// ruleid: os-command-injection
	exec.Command(format+"-render", "report.tmp").Run()
	// ruleid: log-injection
	log.Printf("report for supplier " + supplier)
	// ok: log-injection
	log.Printf("report for supplier %q", supplier)
}

func download(c *gin.Context) {
	name := c.Param("file")
	// ruleid: path-traversal
	c.File(filepath.Join(exportRoot, name))
	// ok: path-traversal
	c.File(filepath.Join(exportRoot, filepath.Base(name)))
	// ok: path-traversal
	c.File(filepath.Join(exportRoot, "latest.csv"))
	// ruleid: path-traversal
	os.ReadFile("/var/lib/inventory/exports/" + c.Query("path"))
}

func uploadPhoto(c *gin.Context) {
	file, err := c.FormFile("photo")
	if err != nil {
		c.String(http.StatusBadRequest, "no file")
		return
	}
	// ruleid: unrestricted-file-upload
	c.SaveUploadedFile(file, "static/photos/"+file.Filename)
	// ok: unrestricted-file-upload
	c.SaveUploadedFile(file, filepath.Join("static/photos", uuid.NewString()+".jpg"))
}

func (s *Server) admin(c *gin.Context) {
	key := c.GetHeader("X-Admin-Key")
	// ruleid: timing-attack
	if key == s.adminKey {
		c.String(http.StatusOK, "welcome")
	}
	// ok: timing-attack
	if subtle.ConstantTimeCompare([]byte(key), []byte(s.adminKey)) == 1 {
		c.String(http.StatusOK, "welcome")
	}
}

func preferences(c *gin.Context) {
	session := sessions.Default(c)
	// ruleid: trust-boundary-violation
	session.Set("warehouse", c.Query("warehouse"))
	// ok: trust-boundary-violation
	session.Set("lastVisit", "items")
	pageSize, _ := strconv.Atoi(c.Query("size"))
	// ok: trust-boundary-violation
	session.Set("pageSize", pageSize)
	session.Save()
}

func redirectBack(c *gin.Context) {
	next := c.Query("next")
	// ruleid: open-redirect
	c.Redirect(http.StatusFound, next)
	// ok: open-redirect
	c.Redirect(http.StatusFound, "/items")
}

func tokens() (string, string) {
	buf := make([]byte, 32)
	rand.Read(buf)
	// ok: weak-random-number-generation
	apiToken := hex.EncodeToString(buf)
	// ruleid: weak-random-number-generation
	resetToken := strconv.Itoa(mathrand.Intn(1000000))
	return apiToken, resetToken
}

func fingerprints(data []byte) {
	// ruleid: insecure-hashing
	legacy := md5.Sum(data)
	// ok: insecure-hashing
	current := sha256.Sum256(data)
	fmt.Println(legacy, current)
}

func filter(c *gin.Context) {
	pattern := c.Query("pattern")
	// ruleid: regular-expression-dos
	regexp.MustCompile(pattern)
	// ok: regular-expression-dos
	regexp.MustCompile(regexp.QuoteMeta(pattern))
	// ok: regular-expression-dos
	regexp.MustCompile(`^[A-Z]{3}-\d+$`)
}

func main() {
	r := gin.Default()
	r.GET("/items", listItems(nil))
	r.GET("/report", supplierReport)
	r.GET("/download/:file", download)
	r.POST("/photos", uploadPhoto)
	// ruleid: insecure-socket-bind
	r.Run("0.0.0.0:8080")
	// ok: insecure-socket-bind
	r.Run("127.0.0.1:8080")
}
