const { WebClient } = require("@slack/web-api");

// ruleid: slack-token
const web = new WebClient("xoxp-2958106473-5810293746581-6203948175620-FAKE9c3e7a1b5d8f2a6c4e0b9d7f1a3c");
// ok: slack-token
const fromEnv = new WebClient(process.env.SLACK_TOKEN);
// ok: slack-token
const docs = "Bot tokens start with xoxb- and user tokens with xoxp-";
module.exports = { web, fromEnv, docs };
