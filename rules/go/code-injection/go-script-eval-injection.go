package rules

import (
	"net/http"

	"github.com/Knetic/govaluate"
	"github.com/dop251/goja"
	"github.com/traefik/yaegi/interp"
)

func evaluate(w http.ResponseWriter, r *http.Request) {
	vm := goja.New()
	// ruleid: go-script-eval-injection
	vm.RunString(r.FormValue("script"))
	// ok: go-script-eval-injection
	vm.RunString("1 + 1")
	i := interp.New(interp.Options{})
	src := r.URL.Query().Get("code")
	// ruleid: go-script-eval-injection
	i.Eval(src)
	// ruleid: go-script-eval-injection
	govaluate.NewEvaluableExpression(r.FormValue("rule"))
	// ok: go-script-eval-injection
	govaluate.NewEvaluableExpression("price * quantity")
}
