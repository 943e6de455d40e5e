// Read a feed with podcast-partytime (Podcast Index's parser): the channel's and items' fields, as JSON on stdout.
const fs = require("fs");
const { parseFeed } = require("podcast-partytime");

const feed = parseFeed(fs.readFileSync(process.argv[2], "utf8"));
console.log(JSON.stringify(feed));
