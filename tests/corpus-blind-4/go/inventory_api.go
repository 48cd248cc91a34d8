package inventory

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/rand"
	"crypto/rc4"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/jmoiron/sqlx"
	"github.com/sirupsen/logrus"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

type Config struct {
	ExportDir  string
	ScriptsDir string
	BarcodeKey []byte // 32 bytes, AES-256
	PartnerKey []byte // 8 bytes, required by the carrier's legacy gateway
}

type Item struct {
	SKU       string `db:"sku" json:"sku" bson:"sku"`
	Name      string `db:"name" json:"name" bson:"name"`
	Qty       int    `db:"qty" json:"qty" bson:"qty"`
	Warehouse string `db:"warehouse" json:"warehouse" bson:"warehouse"`
}

type API struct {
	cfg   Config
	x     *sqlx.DB
	items *mongo.Collection
	log   *logrus.Entry
	audit *log.Logger
}

var (
	skuRe       = regexp.MustCompile(`^[A-Z]{3}-[0-9]{6}$`)
	formatRe    = regexp.MustCompile(`[a-z]+`)
	warehouses  = []string{"ams1", "fra2", "lhr1", "waw1"}
	searchable  = map[string]bool{"warehouse": true, "name": true, "sku": true}
	legacyIV    = []byte("inv-iv-0")
	logScrubber = strings.NewReplacer("\n", `\n`, "\r", `\r`)
)

func New(cfg Config, db *sqlx.DB, coll *mongo.Collection) *API {
	f, _ := os.OpenFile("/var/log/inventory/audit.log", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o640)
	return &API{
		cfg:   cfg,
		x:     db,
		items: coll,
		log:   logrus.WithField("svc", "inventory"),
		audit: log.New(f, "audit ", log.LstdFlags|log.LUTC),
	}
}

func (a *API) Routes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID, a.trace)
	r.Get("/warehouses/{wh}/items", a.listItems)
	r.Get("/items/{sku}", a.getItem)
	r.Post("/items/search", a.searchItems)
	r.Get("/exports/{name}", a.download)
	r.Get("/exports/{wh}/{name}/latest", a.latest)
	r.Post("/exports/{wh}", a.runExport)
	r.Get("/labels/{sku}", a.label)
	return r
}

func (a *API) trace(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		if ref := r.Header.Get("X-Client-Ref"); ref != "" {
			// ruleid: header-injection
			w.Header().Set("X-Client-Ref", ref)
		}
		// ok: header-injection
		w.Header().Set("X-Request-Id", middleware.GetReqID(r.Context()))
		next.ServeHTTP(w, r)
		// ruleid: log-injection
		a.audit.Printf("%s %s by %s ua=%q took=%s", r.Method, r.URL.Path, r.Header.Get("X-User"), r.UserAgent(), time.Since(start))
	})
}

func (a *API) fail(w http.ResponseWriter, err error, status int) {
	a.log.WithError(err).Warn("request failed")
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// ruleid: stack-trace-exposure
	json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
}

func (a *API) listItems(w http.ResponseWriter, r *http.Request) {
	wh := chi.URLParam(r, "wh")
	qv := r.URL.Query()
	var items []Item
	// ok: sql-injection
	err := a.x.SelectContext(r.Context(), &items, "SELECT sku, name, qty, warehouse FROM items WHERE warehouse = ? AND status = ?", wh, qv.Get("status"))
	if order := qv.Get("order"); order != "" && err == nil {
		items = items[:0]
		// ruleid: sql-injection
		err = a.x.SelectContext(r.Context(), &items, "SELECT sku, name, qty, warehouse FROM items WHERE warehouse = ? ORDER BY "+order, wh)
	}
	if err != nil {
		a.fail(w, err, http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(items)
}

func (a *API) getItem(w http.ResponseWriter, r *http.Request) {
	sku := chi.URLParam(r, "sku")
	var it Item
	if skuRe.MatchString(sku) {
		// ok: sql-injection
		err := a.x.GetContext(r.Context(), &it, fmt.Sprintf("SELECT sku, name, qty, warehouse FROM items WHERE sku = '%s'", sku))
		if err != nil {
			a.log.WithError(err).Error("get item")
			// ok: stack-trace-exposure
			http.Error(w, http.StatusText(http.StatusNotFound), http.StatusNotFound)
			return
		}
		json.NewEncoder(w).Encode(it)
		return
	}

	var qb strings.Builder
	qb.WriteString("SELECT sku, name, qty, warehouse FROM items WHERE ")
	qb.WriteString("name = '")
	qb.WriteString(sku)
	qb.WriteString("' LIMIT 1")
	// ruleid: sql-injection
	if err := a.x.Get(&it, qb.String()); err != nil {
		http.NotFound(w, r)
		return
	}

	if alt := r.URL.Query()["also"]; len(alt) > 0 {
		query, args, err := sqlx.In("SELECT sku, name, qty, warehouse FROM items WHERE sku IN (?)", alt)
		if err == nil {
			var more []Item
			// ok: sql-injection
			a.x.Select(&more, a.x.Rebind(query), args...)
		}
	}
	json.NewEncoder(w).Encode(it)
}

func (a *API) searchItems(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Owner  string         `json:"owner"`
		Tag    string         `json:"tag"`
		Filter map[string]any `json:"filter"`
		Mode   string         `json:"mode"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	opts := options.Find().SetLimit(100)

	var cur *mongo.Cursor
	var err error
	switch body.Mode {
	case "script":
		// ruleid: nosql-injection
		cur, err = a.items.Find(ctx, bson.M{"$where": "this.owner == '" + body.Owner + "' && this.qty > 0"}, opts)
	case "advanced":
		// ruleid: nosql-injection
		cur, err = a.items.Find(ctx, bson.M(body.Filter), opts)
	case "fields":
		clean := bson.M{}
		for k, v := range body.Filter {
			if s, ok := v.(string); ok && searchable[k] {
				clean[k] = s
			}
		}
		// ok: nosql-injection
		cur, err = a.items.Find(ctx, clean, opts)
	default:
		// ok: nosql-injection
		cur, err = a.items.Find(ctx, bson.M{"owner": body.Owner, "tags": body.Tag}, opts)
	}
	if err != nil {
		a.fail(w, err, http.StatusInternalServerError)
		return
	}
	var out []Item
	cur.All(ctx, &out)
	json.NewEncoder(w).Encode(out)
}

func (a *API) download(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "name")
	if strings.Contains(name, "..") {
		http.Error(w, "invalid name", http.StatusBadRequest)
		return
	}
	decoded, err := url.PathUnescape(name)
	if err != nil {
		http.Error(w, "invalid name", http.StatusBadRequest)
		return
	}
	// ruleid: path-traversal
	f, err := os.Open(filepath.Join(a.cfg.ExportDir, decoded))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	io.Copy(w, f)
}

func (a *API) latest(w http.ResponseWriter, r *http.Request) {
	wh, name := chi.URLParam(r, "wh"), chi.URLParam(r, "name")
	target := filepath.Join(a.cfg.ExportDir, wh, name)
	rel, err := filepath.Rel(a.cfg.ExportDir, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(os.PathSeparator)) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	resolved, err := filepath.EvalSymlinks(target)
	if err != nil || !strings.HasPrefix(resolved, filepath.Clean(a.cfg.ExportDir)+string(os.PathSeparator)) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	// ok: path-traversal
	data, err := os.ReadFile(resolved)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	// ok: header-injection
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

func (a *API) runExport(w http.ResponseWriter, r *http.Request) {
	wh := chi.URLParam(r, "wh")
	format := r.FormValue("format")
	script := filepath.Join(a.cfg.ScriptsDir, "export.sh")

	// ok: log-injection
	a.audit.Printf("export requested by %s for %s", logScrubber.Replace(r.Header.Get("X-User")), logScrubber.Replace(wh))

	if !slices.Contains(warehouses, wh) {
		http.Error(w, "unknown warehouse", http.StatusNotFound)
		return
	}
	// ok: os-command-injection
	cmd := exec.CommandContext(r.Context(), "sh", "-c", script+" --warehouse "+wh)
	if format != "" {
		if !formatRe.MatchString(format) {
			http.Error(w, "bad format", http.StatusBadRequest)
			return
		}
		// ruleid: os-command-injection
		cmd = exec.CommandContext(r.Context(), "sh", "-c", script+" --warehouse "+wh+" --format "+format)
	}
	if tag := r.FormValue("tag"); tag != "" {
		// ok: os-command-injection
		cmd = exec.CommandContext(r.Context(), script, "--warehouse", wh, "--tag", tag)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		// ruleid: stack-trace-exposure
		http.Error(w, fmt.Sprintf("export failed: %v: %s", err, stderr.String()), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func (a *API) label(w http.ResponseWriter, r *http.Request) {
	sku := chi.URLParam(r, "sku")
	if !skuRe.MatchString(sku) {
		http.Error(w, "bad sku", http.StatusBadRequest)
		return
	}
	sealed, err := a.sealSKU(sku)
	if err != nil {
		a.fail(w, err, http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(map[string]string{
		"barcode": sealed,
		"carrier": a.carrierToken(sku),
		"serial":  scrambleSerial(a.cfg.BarcodeKey[:16], sku),
		"short":   hex.EncodeToString(ecbSeal(a.cfg.BarcodeKey, []byte(fmt.Sprintf("%-16s", sku)))),
	})
}

func (a *API) sealSKU(sku string) (string, error) {
	block, err := aes.NewCipher(a.cfg.BarcodeKey)
	if err != nil {
		return "", err
	}
	// ok: insecure-cryptography
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := io.ReadFull(rand.Reader, nonce); err != nil {
		return "", err
	}
	return hex.EncodeToString(gcm.Seal(nonce, nonce, []byte(sku), nil)), nil
}

func (a *API) carrierToken(sku string) string {
	// ruleid: insecure-cryptography
	block, err := des.NewCipher(a.cfg.PartnerKey)
	if err != nil {
		return ""
	}
	plain := pkcs7([]byte(sku), block.BlockSize())
	out := make([]byte, len(plain))
	// ruleid: insecure-cryptography
	cipher.NewCBCEncrypter(block, legacyIV).CryptBlocks(out, plain)
	return hex.EncodeToString(out)
}

func scrambleSerial(key []byte, sku string) string {
	// ruleid: insecure-cryptography
	c, err := rc4.NewCipher(key)
	if err != nil {
		return ""
	}
	buf := []byte(sku)
	c.XORKeyStream(buf, buf)
	return hex.EncodeToString(buf)
}

func ecbSeal(key, src []byte) []byte {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil
	}
	bs := b.BlockSize()
	out := make([]byte, len(src)-len(src)%bs)
	for i := 0; i+bs <= len(src); i += bs {
		// ruleid: insecure-cryptography
		b.Encrypt(out[i:i+bs], src[i:i+bs])
	}
	return out
}

func streamSeal(key, src []byte) ([]byte, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, aes.BlockSize+len(src))
	iv := out[:aes.BlockSize]
	if _, err := io.ReadFull(rand.Reader, iv); err != nil {
		return nil, err
	}
	// ok: insecure-cryptography
	cipher.NewCTR(b, iv).XORKeyStream(out[aes.BlockSize:], src)
	return out, nil
}

func pkcs7(b []byte, size int) []byte {
	n := size - len(b)%size
	return append(b, bytes.Repeat([]byte{byte(n)}, n)...)
}
