package com.example.users;

import com.mongodb.BasicDBObject;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import javax.servlet.http.HttpServletRequest;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.BasicQuery;

public class UserSearch {
    private MongoCollection<Document> users;
    private MongoTemplate template;

    public void search(HttpServletRequest request) {
        String name = request.getParameter("name");
        // ok: java-mongodb-query-injection
        users.find(Filters.eq("name", name));
        // ruleid: java-mongodb-query-injection
        users.find(Document.parse("{\"name\": \"" + name + "\"}"));
        // ruleid: java-mongodb-query-injection
        users.find(new BasicDBObject("$where", "this.name == '" + name + "'"));
        // ok: java-mongodb-query-injection
        users.find(new BasicDBObject("$where", "this.active == true"));
        // ruleid: java-mongodb-query-injection
        users.find(Filters.where("this.age > " + request.getParameter("age")));
        // ruleid: java-mongodb-query-injection
        template.find(new BasicQuery(request.getParameter("q")), Document.class);
        // ok: java-mongodb-query-injection
        template.find(new BasicQuery("{\"active\": true}"), Document.class);
    }
}
