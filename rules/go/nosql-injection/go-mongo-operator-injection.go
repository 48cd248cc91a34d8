package store

import (
	"context"
	"io"
	"net/http"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
)

func search(ctx context.Context, users *mongo.Collection, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ok: go-mongo-operator-injection
	users.Find(ctx, bson.M{"name": name})
	// ruleid: go-mongo-operator-injection
	users.Find(ctx, bson.M{"$where": "this.name == '" + name + "'"})
	// ok: go-mongo-operator-injection
	users.Find(ctx, bson.M{"$where": "this.active == true"})
	// ruleid: go-mongo-operator-injection
	users.Find(ctx, bson.D{bson.E{Key: "$where", Value: r.FormValue("expr")}})
	body, _ := io.ReadAll(r.Body)
	var filter bson.M
	// ruleid: go-mongo-operator-injection
	bson.UnmarshalExtJSON(body, true, &filter)
	users.Find(ctx, filter)
	var defaults bson.M
	// ok: go-mongo-operator-injection
	bson.UnmarshalExtJSON([]byte(`{"active": true}`), true, &defaults)
}
