package client

import (
	"crypto/tls"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

func dial(addr string) (*grpc.ClientConn, *grpc.ClientConn, *grpc.ClientConn) {
	// ruleid: go-grpc-insecure-transport
	a, _ := grpc.Dial(addr, grpc.WithInsecure())
	// ruleid: go-grpc-insecure-transport
	b, _ := grpc.Dial(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	// ok: go-grpc-insecure-transport
	c, _ := grpc.Dial(addr, grpc.WithTransportCredentials(credentials.NewTLS(&tls.Config{MinVersion: tls.VersionTLS12})))
	return a, b, c
}
