package com.example.files;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.Part;
import org.springframework.web.multipart.MultipartFile;

public class Uploads {
    private final Path root = Paths.get("/srv/uploads");

    public void avatar(MultipartFile file) throws Exception {
        // ruleid: java-upload-saved-with-client-filename
        file.transferTo(new File("/srv/uploads/" + file.getOriginalFilename()));
        // ok: java-upload-saved-with-client-filename
        file.transferTo(root.resolve(UUID.randomUUID() + ".png"));
    }

    public void document(HttpServletRequest request) throws Exception {
        Part part = request.getPart("doc");
        String name = part.getSubmittedFileName();
        // ruleid: java-upload-saved-with-client-filename
        Files.copy(part.getInputStream(), root.resolve(name));
        // ok: java-upload-saved-with-client-filename
        Files.copy(part.getInputStream(), root.resolve(UUID.randomUUID().toString()));
    }
}
