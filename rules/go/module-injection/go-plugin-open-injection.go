package extensions

import (
	"net/http"
	"path/filepath"
	"plugin"
)

var known = map[string]string{"pdf": "/opt/app/plugins/pdf.so", "csv": "/opt/app/plugins/csv.so"}

func load(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("plugin")
	// ruleid: go-plugin-open-injection
	plugin.Open(filepath.Join("/opt/app/plugins", name+".so"))
	// ok: go-plugin-open-injection
	plugin.Open("/opt/app/plugins/default.so")
	if path, ok := known[r.FormValue("format")]; ok {
		_ = path
	}
}
