package catalog

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/antchfx/xmlquery"
	"github.com/antchfx/xpath"
)

func book(doc *xmlquery.Node, w http.ResponseWriter, r *http.Request) {
	title := r.URL.Query().Get("title")
	// ruleid: go-xpath-injection
	node := xmlquery.FindOne(doc, "//book[title='"+title+"']")
	// ok: go-xpath-injection
	all := xmlquery.Find(doc, "//book")
	id, err := strconv.Atoi(r.FormValue("id"))
	if err != nil {
		return
	}
	// ok: go-xpath-injection
	byID := xmlquery.FindOne(doc, fmt.Sprintf("//book[@id=%d]", id))
	// ruleid: go-xpath-injection
	expr, _ := xpath.Compile(fmt.Sprintf("//user[name='%s']", r.FormValue("name")))
	// ok: go-xpath-injection
	fixed := xpath.MustCompile("count(//book)")
	fmt.Fprint(w, node, all, byID, expr, fixed)
}
