package pages

import (
	"bytes"
	"net/http"
	htmltemplate "html/template"
	"os"
	"text/template"
)

// ruleid: go-text-template-html
var profilePage = template.Must(template.ParseFiles("templates/profile.html"))

// ruleid: go-text-template-html
var greeting = template.Must(template.New("greeting").Parse(`<h1>Hello, {{.Name}}!</h1>`))

// ok: go-text-template-html
var emailBody = template.Must(template.New("mail").Parse("Hi {{.Name}},\nyour order {{.ID}} has shipped.\n"))

// ok: go-text-template-html
var configTemplate = template.Must(template.ParseFiles("deploy/nginx.conf.tmpl"))

type Profile struct {
	Name string
	Bio  string
}

func showProfile(w http.ResponseWriter, r *http.Request) {
	p := Profile{Name: r.URL.Query().Get("name"), Bio: r.FormValue("bio")}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// ruleid: go-text-template-html
	profilePage.Execute(w, p)
}

func greet(w http.ResponseWriter, name string) error {
	// ruleid: go-text-template-html
	return greeting.ExecuteTemplate(w, "greeting", Profile{Name: name})
}

func renderMail(name string) (string, error) {
	var buf bytes.Buffer
	// ok: go-text-template-html
	if err := emailBody.Execute(&buf, Profile{Name: name}); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func writeConfig(path string, values map[string]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	// ok: go-text-template-html
	return configTemplate.Execute(f, values)
}

var safeProfile = htmltemplate.Must(htmltemplate.ParseFiles("templates/profile.html"))

type pages struct{}

func (pages) profile(w http.ResponseWriter, r *http.Request) {
	p := Profile{Name: r.URL.Query().Get("name")}
	// ruleid: go-text-template-html
	profilePage.Execute(w, p)
	// ok: go-text-template-html
	safeProfile.Execute(w, p)
}
