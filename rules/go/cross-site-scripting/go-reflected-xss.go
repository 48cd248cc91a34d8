package web

import (
	"github.com/labstack/echo/v4"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v2"
	"github.com/microcosm-cc/bluemonday"
)

var page = template.Must(template.New("p").Parse(`<p>{{.}}</p>`))

var ugc = bluemonday.UGCPolicy()

func greeting(name string) string {
	return "<h1>Hello, " + name + "</h1>"
}

func writeHTML(w http.ResponseWriter, fragment string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// ruleid: go-reflected-xss
	io.WriteString(w, fragment)
}

func hello(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: go-reflected-xss
	fmt.Fprintf(w, "<p>Hello, %s</p>", name)
	// ok: go-reflected-xss
	fmt.Fprintf(w, "<p>Hello, %s</p>", html.EscapeString(name))
	// ruleid: go-reflected-xss
	w.Write([]byte(greeting(name)))
	// ok: go-reflected-xss
	w.Write([]byte(greeting("world")))
	writeHTML(w, "<footer>"+r.Referer()+"</footer>")
	// ok: go-reflected-xss
	writeHTML(w, "<footer>static</footer>")
}

func profile(w http.ResponseWriter, r *http.Request) {
	bio := r.PostFormValue("bio")
	// ruleid: go-reflected-xss
	page.Execute(w, template.HTML(bio))
	// ok: go-reflected-xss
	page.Execute(w, bio)
	// ok: go-reflected-xss
	page.Execute(w, template.HTML(ugc.Sanitize(bio)))
	// ok: go-reflected-xss
	http.Error(w, "unknown user "+bio, http.StatusNotFound)
}

func counter(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.FormValue("n"))
	if err != nil {
		n = 0
	}
	// ok: go-reflected-xss
	fmt.Fprintf(w, "<p>%d items</p>", n)
	body, _ := json.Marshal(map[string]string{"q": r.FormValue("q")})
	w.Header().Set("Content-Type", "application/json")
	// ok: go-reflected-xss
	w.Write(body)
	c, err := r.Cookie("lang")
	if err != nil {
		return
	}
	// ruleid: go-reflected-xss
	fmt.Fprintln(w, "<html lang=\""+c.Value+"\">")
}

func search(c *gin.Context) {
	q := c.Query("q")
	// ruleid: go-reflected-xss
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte("<b>"+q+"</b>"))
	// ok: go-reflected-xss
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte("<b>"+html.EscapeString(q)+"</b>"))
	// ruleid: go-reflected-xss
	c.Writer.WriteString("<i>" + c.DefaultQuery("tag", "all") + "</i>")
	// ok: go-reflected-xss
	c.JSON(http.StatusOK, gin.H{"q": q})
}

func echoGreeting(e echo.Context) error {
	name := e.QueryParam("name")
	if name == "" {
		// ok: go-reflected-xss
		return e.HTML(http.StatusOK, "<p>Hello</p>")
	}
	if e.QueryParam("escape") == "1" {
		// ok: go-reflected-xss
		return e.HTML(http.StatusOK, "<p>Hello "+html.EscapeString(name)+"</p>")
	}
	// ruleid: go-reflected-xss
	return e.HTML(http.StatusOK, "<p>Hello "+name+"</p>")
}

func fiberGreeting(c *fiber.Ctx) error {
	who := c.Query("who")
	c.Type("html")
	if c.Query("plain") == "1" {
		// ok: go-reflected-xss
		return c.SendString("<p>Hi " + html.EscapeString(who) + "</p>")
	}
	// ruleid: go-reflected-xss
	return c.SendString("<p>Hi " + who + "</p>")
}

func fiberText(c *fiber.Ctx) error {
	// ok: go-reflected-xss
	return c.SendString("hello " + c.Query("who"))
}

func helpPage(w http.ResponseWriter, r *http.Request) {
	topic := r.URL.Query().Get("topic")
	body, err := os.ReadFile(filepath.Join("/srv/help", filepath.Base(topic)+".html"))
	if err != nil {
		// ruleid: go-reflected-xss
		fmt.Fprintf(w, "<p>No help on %s</p>", topic)
		return
	}
	// ok: go-reflected-xss
	w.Write(body)
}
