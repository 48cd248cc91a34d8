package main

import (
	"net/http"
	"reflect"
)

type Actions struct{}

func (Actions) Start() {}

func run(w http.ResponseWriter, r *http.Request) {
	value := reflect.ValueOf(Actions{})
	// ruleid: go-reflect-method-by-name
	value.MethodByName(r.FormValue("action")).Call(nil)
	// ok: go-reflect-method-by-name
	value.MethodByName("Start").Call(nil)
}
