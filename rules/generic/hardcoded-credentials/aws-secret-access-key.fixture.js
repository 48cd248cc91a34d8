const { S3Client } = require("@aws-sdk/client-s3");

const client = new S3Client({
  region: "us-east-1",
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID,
    // ruleid: aws-secret-access-key
    secretAccessKey: "mB8+xK3qFAKEz7Wv2Rt/Lp9Nc4Hd6Js1Gy5Ue0Qa",
  },
});

// ok: aws-secret-access-key
const cacheKey = "f1e2d3c4b5a69788f1e2d3c4b5a69788aabbccdd";
// ok: aws-secret-access-key
const awsSecret = process.env.AWS_SECRET_ACCESS_KEY;
module.exports = { client, cacheKey, awsSecret };
