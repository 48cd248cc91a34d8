package accounts

import (
	"log"
	"log/slog"
)

type Login struct {
	User     string
	Password      string
	SessionToken  string
	NextPageToken string
}

func authenticate(in Login, apiKey string, attempts int) {
	// ruleid: go-logging-sensitive-data
	log.Printf("login user=%s password=%s", in.User, in.Password)
	// ruleid: go-logging-sensitive-data
	slog.Info("calling billing", "key", apiKey)
	// ok: go-logging-sensitive-data
	log.Printf("login user=%s attempts=%d", in.User, attempts)
	// ok: go-logging-sensitive-data
	log.Println("password reset requested for", in.User)
	// ruleid: go-logging-sensitive-data
	log.Printf("registered with %s", in.SessionToken)
	// ok: go-logging-sensitive-data
	log.Printf("next page %s", in.NextPageToken)
}
