package files

import (
	"strings"
	"io"
	"io/ioutil"
	"net/http"
	"os"
	"path/filepath"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gofiber/fiber/v2"
	"github.com/labstack/echo/v4"
	"golang.org/x/net/websocket"
	"github.com/gorilla/mux"
)

const uploadDir = "/srv/uploads"

var reports = map[string]string{
	"daily":  "/srv/reports/daily.csv",
	"weekly": "/srv/reports/weekly.csv",
}

func userPath(name string) string {
	return filepath.Join(uploadDir, name)
}

func safePath(name string) string {
	return filepath.Join(uploadDir, filepath.Base(name))
}

func download(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	// ruleid: go-path-traversal
	f, err := os.Open(userPath(name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	io.Copy(w, f)
	// ok: go-path-traversal
	g, _ := os.Open(safePath(name))
	defer g.Close()
	// ok: go-path-traversal
	h, _ := os.Open(filepath.Join(uploadDir, "index.txt"))
	defer h.Close()
}

func serve(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	// ruleid: go-path-traversal
	http.ServeFile(w, r, filepath.Clean(filepath.Join(uploadDir, vars["path"])))
	// ok: go-path-traversal
	http.ServeFile(w, r, filepath.Join(uploadDir, filepath.Base(vars["path"])))
	if file, ok := reports[r.FormValue("report")]; ok {
		// ok: go-path-traversal
		http.ServeFile(w, r, file)
	}
}

func upload(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	target := uploadDir + "/" + r.Header.Get("X-File-Name")
	// ruleid: go-path-traversal
	if err := os.WriteFile(target, body, 0o600); err != nil {
		http.Error(w, "write failed", http.StatusInternalServerError)
		return
	}
	id, err := strconv.ParseInt(r.FormValue("id"), 10, 64)
	if err != nil {
		return
	}
	// ok: go-path-traversal
	ioutil.WriteFile(filepath.Join(uploadDir, strconv.FormatInt(id, 10)+".bin"), body, 0o600)
	// ok: go-path-traversal
	root, _ := os.OpenRoot(uploadDir)
	// ok: go-path-traversal
	root.Create(r.FormValue("name"))
}

func avatar(c *gin.Context) {
	user := c.Param("user")
	// ruleid: go-path-traversal
	data, err := ioutil.ReadFile("/srv/avatars/" + user + ".png")
	if err != nil {
		c.Status(http.StatusNotFound)
		return
	}
	c.Data(http.StatusOK, "image/png", data)
	// ruleid: go-path-traversal
	c.File(filepath.Join("/srv/avatars", c.Query("size"), user))
	// ok: go-path-traversal
	c.File(filepath.Join("/srv/avatars", filepath.Base(user)))
}

func remove(w http.ResponseWriter, r *http.Request) {
	name := r.PostFormValue("name")
	if false {
		// ok: go-path-traversal
		os.Remove(name)
	}
	// ruleid: go-path-traversal
	os.RemoveAll(filepath.Join(uploadDir, name))
}

func nested(w http.ResponseWriter, r *http.Request) {
	full := filepath.Clean(filepath.Join(uploadDir, r.URL.Query().Get("path")))
	if !strings.HasPrefix(full, uploadDir+string(os.PathSeparator)) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	// ok: go-path-traversal
	http.ServeFile(w, r, full)
}

func echoDownload(c echo.Context) error {
	// ruleid: go-path-traversal
	data, err := os.ReadFile(filepath.Join(uploadDir, c.Param("name")))
	if err != nil {
		return c.NoContent(http.StatusNotFound)
	}
	// ok: go-path-traversal
	index, _ := os.ReadFile(filepath.Join(uploadDir, "index.txt"))
	return c.Blob(http.StatusOK, "application/octet-stream", append(data, index...))
}

func fiberAttachment(c *fiber.Ctx) error {
	folder := c.Query("folder")
	// ruleid: go-path-traversal
	os.RemoveAll(filepath.Join(uploadDir, folder, c.Params("file")))
	// ok: go-path-traversal
	os.RemoveAll(filepath.Join(uploadDir, "tmp"))
	return c.SendStatus(fiber.StatusNoContent)
}

func chiExport(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "name")
	// ruleid: go-path-traversal
	http.ServeFile(w, r, filepath.Join("/srv/exports", name))
	// ok: go-path-traversal
	http.ServeFile(w, r, filepath.Join("/srv/exports", filepath.Base(name)))
}

func patternDoc(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-path-traversal
	f, err := os.Open("/srv/docs/" + r.PathValue("doc"))
	if err != nil {
		return
	}
	defer f.Close()
	io.Copy(w, f)
}

func logSocket(ws *websocket.Conn) {
	var request struct{ File string }
	if err := websocket.JSON.Receive(ws, &request); err != nil {
		return
	}
	// ruleid: go-path-traversal
	data, _ := os.ReadFile(filepath.Join("/var/log/app", request.File))
	websocket.Message.Send(ws, string(data))
	// ok: go-path-traversal
	current, _ := os.ReadFile("/var/log/app/current.log")
	websocket.Message.Send(ws, string(current))
}

func fiberDownload(in *fiber.Ctx) error {
	// ruleid: go-path-traversal
	return in.SendFile(filepath.Join("/srv/uploads", in.Query("name")))
}

func fiberDownloadBase(in *fiber.Ctx) error {
	// ok: go-path-traversal
	return in.Download(filepath.Join("/srv/uploads", filepath.Base(in.Query("name"))))
}

func echoAttachment(e echo.Context) error {
	// ruleid: go-path-traversal
	return e.Attachment("/srv/reports/"+e.QueryParam("report"), "report.pdf")
}

func attachmentChecked(w http.ResponseWriter, r *http.Request) {
	wanted := r.PathValue("name")
	if !filepath.IsLocal(wanted) {
		http.NotFound(w, r)
		return
	}
	// ok: go-path-traversal
	http.ServeFile(w, r, filepath.Join("/srv/attachments", wanted))
}

func attachmentNoted(w http.ResponseWriter, r *http.Request) {
	wanted := r.PathValue("name")
	local := filepath.IsLocal(wanted)
	w.Header().Set("X-Local", strconv.FormatBool(local))
	// ruleid: go-path-traversal
	http.ServeFile(w, r, filepath.Join("/srv/attachments", wanted))
}
