package main

import (
	"github.com/gin-gonic/gin"
	"net"
	"net/http"
)

func serve() {
	// ruleid: go-listen-all-interfaces
	http.ListenAndServe(":8080", nil)
	// ruleid: go-listen-all-interfaces
	net.Listen("tcp", "0.0.0.0:9090")
	// ok: go-listen-all-interfaces
	http.ListenAndServe("127.0.0.1:8080", nil)
	router := gin.Default()
	// ruleid: go-listen-all-interfaces
	router.Run(":8081")
	// ok: go-listen-all-interfaces
	router.Run("localhost:8081")
}
