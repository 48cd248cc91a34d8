package storefront

import (
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	mrand "math/rand"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
)

const uploadsDir = "./uploads"

var (
	themes     = []string{"light", "dark", "solar", "mono"}
	exportKind = map[string]string{"csv": "--csv", "json": "--json"}
)

// Storefront holds request-scoped dependencies.
type Storefront struct {
	store *sql.DB
}

// Mount registers the storefront routes on the fiber app.
func (sf *Storefront) Mount(app *fiber.App) {
	app.Get("/shop/orders", sf.orders)
	app.Get("/shop/orders/:id", sf.order)
	app.Get("/shop/files", sf.file)
	app.Get("/shop/files/:id", sf.fileByID)
	app.Post("/shop/export", sf.export)
	app.Post("/shop/export/v2", sf.exportSafe)
	app.Get("/shop/checkout/return", sf.checkoutReturn)
	app.Post("/shop/login", sf.login)
	app.Get("/shop/greeting", sf.greeting)
	app.Post("/shop/password-reset", sf.passwordReset)
}

func (sf *Storefront) orders(c *fiber.Ctx) error {
	status := c.Query("status", "open")
	stmt := "SELECT id, total FROM orders WHERE status = '" + status + "' ORDER BY id DESC"
	// ruleid: sql-injection
	rows, err := sf.store.Query(stmt)
	if err != nil {
		return fiber.ErrInternalServerError
	}
	defer rows.Close()
	return c.SendString("ok")
}

func (sf *Storefront) order(c *fiber.Ctx) error {
	id, err := strconv.Atoi(c.Params("id"))
	if err != nil {
		return fiber.ErrBadRequest
	}
	// ok: sql-injection
	row := sf.store.QueryRow(fmt.Sprintf("SELECT id, total FROM orders WHERE id = %d", id))
	var oid, total int
	if err := row.Scan(&oid, &total); err != nil {
		return fiber.ErrNotFound
	}
	return c.JSON(fiber.Map{"id": oid, "total": total})
}

func (sf *Storefront) file(c *fiber.Ctx) error {
	// ruleid: path-traversal
	return c.SendFile(filepath.Join(uploadsDir, c.Query("name")))
}

func (sf *Storefront) fileByID(c *fiber.Ctx) error {
	id, err := strconv.ParseUint(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrBadRequest
	}
	// ok: path-traversal
	return c.SendFile(filepath.Join(uploadsDir, strconv.FormatUint(id, 10)+".bin"))
}

func (sf *Storefront) export(c *fiber.Ctx) error {
	kind := c.FormValue("kind")
	// ruleid: os-command-injection
	out, err := exec.Command("/bin/bash", "-c", "/opt/shop/export "+kind).CombinedOutput()
	if err != nil {
		return fiber.ErrInternalServerError
	}
	return c.Send(out)
}

func (sf *Storefront) exportSafe(c *fiber.Ctx) error {
	flag, ok := exportKind[c.FormValue("kind")]
	if !ok {
		return fiber.ErrBadRequest
	}
	// ok: os-command-injection
	out, err := exec.Command("/bin/bash", "-c", "/opt/shop/export "+flag).CombinedOutput()
	if err != nil {
		return fiber.ErrInternalServerError
	}
	return c.Send(out)
}

func (sf *Storefront) checkoutReturn(c *fiber.Ctx) error {
	if c.Query("provider") == "legacy" {
		// ruleid: open-redirect
		return c.Redirect(c.Query("return_url"), fiber.StatusFound)
	}
	// ok: open-redirect
	return c.Redirect("/shop/orders", fiber.StatusFound)
}

func (sf *Storefront) login(c *fiber.Ctx) error {
	user := c.FormValue("user")
	raw := make([]byte, 32)
	// ok: weak-random-number-generation
	if _, err := rand.Read(raw); err != nil {
		return fiber.ErrInternalServerError
	}
	// ok: weak-random-number-generation
	themeIdx := mrand.Intn(len(themes))
	token := base64.RawURLEncoding.EncodeToString(raw)
	// ruleid: insecure-hashing
	legacyDigest := sha1.Sum([]byte(c.FormValue("password")))
	// ok: insecure-hashing
	bodySum := sha256.Sum256(c.Body())
	// ruleid: insecure-cookie
	c.Cookie(&fiber.Cookie{Name: "shop_session", Value: token, Expires: time.Now().Add(24 * time.Hour)})
	// ok: insecure-cookie
	c.Cookie(&fiber.Cookie{Name: "shop_session_v2", Value: token, Expires: time.Now().Add(24 * time.Hour), Secure: true, HTTPOnly: true, SameSite: "Strict"})
	if _, err := sf.store.Exec("UPDATE customers SET legacy_pw = $1 WHERE login = $2", hex.EncodeToString(legacyDigest[:]), user); err != nil {
		return fiber.ErrInternalServerError
	}
	return c.JSON(fiber.Map{"user": user, "theme": themes[themeIdx], "requestDigest": hex.EncodeToString(bodySum[:])})
}

func (sf *Storefront) greeting(c *fiber.Ctx) error {
	name := c.Get("X-Customer-Name")
	c.Type("html")
	if c.Query("escaped") == "1" {
		// ok: cross-site-scripting
		return c.SendString("<p>Hi " + html.EscapeString(name) + "</p>")
	}
	// ruleid: cross-site-scripting
	return c.SendString("<p>Hi " + name + "</p>")
}

func (sf *Storefront) passwordReset(c *fiber.Ctx) error {
	email := c.FormValue("email")
	// ruleid: weak-random-number-generation
	resetCode := fmt.Sprintf("%06d", mrand.Intn(1000000))
	if _, err := sf.store.Exec("UPDATE customers SET reset_code = $1 WHERE email = $2", resetCode, email); err != nil {
		return fiber.ErrInternalServerError
	}
	return c.SendStatus(fiber.StatusAccepted)
}
