// Read a WebVTT file with webvtt-parser (the W3C WebVTT grammar): its errors and cues, as JSON on stdout.
const fs = require("fs");
const { WebVTTParser } = require("webvtt-parser");

const tree = new WebVTTParser().parse(fs.readFileSync(process.argv[2], "utf8"));
const cues = tree.cues.map((cue) => ({ id: cue.id, start: cue.startTime, end: cue.endTime, text: cue.text }));
console.log(JSON.stringify({ errors: tree.errors, cues }));
