package com.example.plugins;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;

public class PluginLoader {
    private static final Map<String, String> CODECS = Map.of("fast", "/opt/app/native/libfast.so");

    public void load(HttpServletRequest request) throws Exception {
        String library = request.getParameter("lib");
        // ruleid: java-native-library-load-injection
        System.load("/opt/app/native/" + library);
        // ok: java-native-library-load-injection
        System.loadLibrary("zstd-jni");
        // ruleid: java-native-library-load-injection
        URLClassLoader loader = new URLClassLoader(new URL[] {new URL(request.getParameter("jar"))});
        // ok: java-native-library-load-injection
        URLClassLoader local = new URLClassLoader(new URL[] {new File("/opt/app/plugins/report.jar").toURI().toURL()});
        loader.close();
        local.close();
    }
}
