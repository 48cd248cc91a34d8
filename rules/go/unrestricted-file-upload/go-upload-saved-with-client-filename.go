package uploads

import (
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
)

func avatar(c *gin.Context) {
	file, err := c.FormFile("avatar")
	if err != nil {
		return
	}
	// ruleid: go-upload-saved-with-client-filename
	c.SaveUploadedFile(file, filepath.Join("public/avatars", file.Filename))
	// ok: go-upload-saved-with-client-filename
	c.SaveUploadedFile(file, filepath.Join("public/avatars", uuid.NewString()+".png"))
}

func document(w http.ResponseWriter, r *http.Request) {
	src, header, err := r.FormFile("doc")
	if err != nil {
		return
	}
	defer src.Close()
	// ruleid: go-upload-saved-with-client-filename
	dst, _ := os.Create("/srv/docs/" + header.Filename)
	io.Copy(dst, src)
	// ok: go-upload-saved-with-client-filename
	stored, _ := os.Create(filepath.Join("/srv/docs", uuid.NewString()))
	io.Copy(stored, src)
}
