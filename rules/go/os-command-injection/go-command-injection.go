package tools

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/exec"
	xexec "os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"time"

	"al.essio.dev/pkg/shellescape"
	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
)

var allowedTools = map[string]string{
	"lint":   "/usr/local/bin/golangci-lint",
	"format": "/usr/local/bin/gofmt",
}

func pingCommand(host string) string {
	return "ping -c 1 " + host
}

func runScript(ctx context.Context, script string) ([]byte, error) {
	// ruleid: go-command-injection
	return exec.CommandContext(ctx, "/bin/sh", "-c", script).CombinedOutput()
}

func ping(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	// ruleid: go-command-injection
	out, err := exec.Command("sh", "-c", "ping -c 1 "+host).Output()
	if err != nil {
		http.Error(w, "ping failed", http.StatusBadGateway)
		return
	}
	w.Write(out)
	// ok: go-command-injection
	exec.Command("ping", "-c", "1", "--", host).Run()
	// ok: go-command-injection
	exec.Command("sh", "-c", "ping -c 1 "+shellescape.Quote(host)).Run()
	runScript(r.Context(), pingCommand(host))
	// ok: go-command-injection
	runScript(r.Context(), "uptime")
}

func runTool(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("tool")
	// ruleid: go-command-injection
	cmd := exec.Command(name, "./...")
	cmd.Dir = "/srv/repo"
	cmd.Run()
	if prog, ok := allowedTools[name]; ok {
		// ok: go-command-injection
		exec.Command(prog, "./...").Run()
	}
	// ok: go-command-injection
	exec.Command(filepath.Join("/usr/local/bin", "gofmt"), "-l", name).Run()
}

func convert(c *gin.Context) {
	format := c.Param("format")
	ctx, cancel := context.WithTimeout(c.Request.Context(), 30*time.Second)
	defer cancel()
	// ruleid: go-command-injection
	exec.CommandContext(ctx, "bash", "-c", "convert in.png out."+format).Run()
	width, err := strconv.Atoi(c.Query("width"))
	if err != nil {
		c.String(http.StatusBadRequest, "bad width")
		return
	}
	// ok: go-command-injection
	exec.CommandContext(ctx, "bash", "-c", "convert -resize "+strconv.Itoa(width)+" in.png out.png").Run()
	// ok: go-command-injection
	exec.CommandContext(ctx, "convert", "in.png", "out."+format).Run()
}

func cli() {
	if len(os.Args) < 2 {
		return
	}
	// ruleid: go-command-injection
	exec.Command(os.Args[1], os.Args[2:]...).Run()
	editor := os.Getenv("EDITOR")
	// ok: go-command-injection
	exec.Command(editor, "notes.txt").Run()
}

func aliased(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query().Get("v")
	// ruleid: go-command-injection
	xexec.Command(v).Run()
	// ok: go-command-injection
	xexec.Command("uptime").Run()
}

func echoTrace(c echo.Context) error {
	host := c.Request().Header.Get("X-Trace-Host")
	// ruleid: go-command-injection
	out, _ := exec.Command("sh", "-c", "traceroute "+host).Output()
	// ok: go-command-injection
	exec.Command("traceroute", host).Run()
	return c.Blob(http.StatusOK, "text/plain", out)
}

func fiberBuild(c *fiber.Ctx) error {
	branch := c.Get("X-Branch")
	// ruleid: go-command-injection
	exec.Command("bash", "-c", "git checkout "+branch+" && make").Run()
	script := string(c.Body())
	// ruleid: go-command-injection
	exec.Command("sh", "-c", script).Run()
	// ok: go-command-injection
	exec.Command("git", "checkout", branch).Run()
	return c.SendStatus(fiber.StatusAccepted)
}

var wsUpgrader = websocket.Upgrader{}

func terminal(w http.ResponseWriter, r *http.Request) {
	conn, err := wsUpgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	for {
		_, line, err := conn.ReadMessage()
		if err != nil {
			return
		}
		// ruleid: go-command-injection
		out, _ := exec.Command("sh", "-c", string(line)).CombinedOutput()
		conn.WriteMessage(websocket.TextMessage, out)
		// ok: go-command-injection
		exec.Command("logger", "terminal command received").Run()
	}
}

func restartService(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-command-injection
	exec.Command("sh", "-c", "systemctl restart "+r.PathValue("service")).Run()
	// ok: go-command-injection
	exec.Command("systemctl", "restart", r.PathValue("service")).Run()
}

var serviceName = regexp.MustCompile(`^[a-z0-9-]+$`)
var knownServices = []string{"nginx", "redis"}

func guarded(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("service")
	if !serviceName.MatchString(name) {
		http.Error(w, "bad service", http.StatusBadRequest)
		return
	}
	// ok: go-command-injection
	exec.Command("sh", "-c", "systemctl restart "+name).Run()
	other := r.URL.Query().Get("other")
	if !slices.Contains(knownServices, other) {
		log.Fatal("unknown service")
	}
	// ok: go-command-injection
	exec.Command("sh", "-c", "systemctl status "+other).Run()
	loose := r.URL.Query().Get("loose")
	if loose == "" {
		return
	}
	// ruleid: go-command-injection
	exec.Command("sh", "-c", "systemctl status "+loose).Run()
}
