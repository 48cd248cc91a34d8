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

// Reported where the request's operator becomes a key, for the call below that passes one.
// ruleid: go-mongo-operator-injection
func byOperator(field, op, v string) bson.M { return bson.M{field: bson.M{op: v}} }

var allowedOps = map[string]string{"lt": "$lt", "gt": "$gt"}

func list(ctx context.Context, orders *mongo.Collection, r *http.Request) {
	term := r.FormValue("q")
	// ruleid: go-mongo-operator-injection
	orders.Find(ctx, bson.M{"note": bson.M{"$regex": term}})
	// ok: go-mongo-operator-injection
	orders.Find(ctx, bson.M{"note": bson.M{"$regex": "^" + regexp.QuoteMeta(term)}})
	orders.CountDocuments(ctx, byOperator("total", r.FormValue("op"), r.FormValue("v")))
	if op, ok := allowedOps[r.FormValue("op")]; ok {
		// ok: go-mongo-operator-injection
		orders.CountDocuments(ctx, byOperator("total", op, r.FormValue("v")))
	}
	fixed := bson.M{"status": "open"}
	// ok: go-mongo-operator-injection
	orders.Find(ctx, fixed)
}
