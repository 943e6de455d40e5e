// lecture-audio: the episode page's player. Plain script, no libraries.
// Times come from the JSON island (#episodes); the markup (rendered in Python)
// already holds the chapters and the transcript, so the page reads fine
// without this script, and the script only adds seeking and highlighting.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("episodes").textContent);
  var STORE = "lecture-audio:";
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function remember(key, value) {
    try { localStorage.setItem(STORE + key, String(value)); } catch (e) { /* storage off: fine */ }
  }
  function recall(key) {
    try { return localStorage.getItem(STORE + key); } catch (e) { return null; }
  }

  // The index of the last item whose start is at or before t (-1 if none).
  function lastStarted(items, t) {
    var lo = 0, hi = items.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (items[mid].start <= t + 0.001) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  // A moment in an episode as a link: "#odcinek-2@12:34" (also h:mm:ss or seconds).
  function parseMoment(hash) {
    var m = /^#odcinek-(\d+)@(\d+(?::\d{1,2}){0,2}(?:\.\d+)?)$/.exec(hash || "");
    if (!m) return null;
    var t = m[2].split(":").reduce(function (sum, part) { return sum * 60 + parseFloat(part); }, 0);
    return { number: parseInt(m[1], 10), t: t };
  }
  function clock(t) {
    var s = Math.floor(t), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    var mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(sec).padStart(2, "0");
  }

  function setUp(episode) {
    var article = document.querySelector('article.episode[data-number="' + episode.number + '"]');
    if (!article) return null;
    var audio = article.querySelector("audio");
    var chapterButtons = Array.prototype.slice.call(article.querySelectorAll(".chapter"));
    var cueSpans = Array.prototype.slice.call(article.querySelectorAll(".cue"));
    var box = article.querySelector(".cues");
    var slide = article.querySelector(".slide");
    var rate = article.querySelector(".rate select");
    var current = { chapter: -2, cue: -2 };
    var userScrolled = 0;

    function seek(t, play) {
      audio.currentTime = t;
      update();
      if (play) {
        var started = audio.play();
        if (started && started.catch) started.catch(function () { /* needs a tap first: fine */ });
      }
    }

    function showSlide(index) {
      var chapter = episode.chapters[index];
      if (!slide) return;
      if (!chapter || !chapter.image) { slide.hidden = true; return; }
      var img = slide.querySelector("img");
      if (img.getAttribute("src") !== chapter.image) img.setAttribute("src", chapter.image);
      img.setAttribute("alt", chapter.title);
      slide.querySelector("figcaption").textContent = chapter.title;
      slide.hidden = false;
    }

    function follow(span) {
      // Keep the spoken sentence in view inside the transcript box, without
      // moving the page, and not while the listener is scrolling it.
      if (!box || Date.now() - userScrolled < 4000) return;
      var top = span.offsetTop, bottom = top + span.offsetHeight;
      if (top >= box.scrollTop && bottom <= box.scrollTop + box.clientHeight) return;
      box.scrollTo({ top: Math.max(0, top - box.clientHeight / 3), behavior: reduceMotion ? "auto" : "smooth" });
    }

    function update() {
      var t = audio.currentTime;
      var chapter = lastStarted(episode.chapters, t);
      if (chapter !== current.chapter) {
        chapterButtons.forEach(function (button, i) {
          button.classList.toggle("current", i === chapter);
          if (i === chapter) button.setAttribute("aria-current", "true"); else button.removeAttribute("aria-current");
        });
        showSlide(chapter);
        current.chapter = chapter;
      }
      // A cue stays lit through the pause after it, until the next one starts.
      var cue = lastStarted(episode.cues, t);
      if (cue !== current.cue) {
        if (current.cue >= 0 && cueSpans[current.cue]) {
          cueSpans[current.cue].classList.remove("active");
          cueSpans[current.cue].removeAttribute("aria-current");
        }
        if (cue >= 0 && cueSpans[cue]) {
          cueSpans[cue].classList.add("active");
          cueSpans[cue].setAttribute("aria-current", "true");
          follow(cueSpans[cue]);
        }
        current.cue = cue;
      }
    }

    // The address bar follows the listener's jumps, so copying it shares this moment.
    function share(t) {
      try { history.replaceState(null, "", "#odcinek-" + episode.number + "@" + clock(t)); } catch (e) { /* file:// */ }
    }

    chapterButtons.forEach(function (button) {
      button.addEventListener("click", function () { var t = parseFloat(button.dataset.start); seek(t, true); share(t); });
    });
    if (box) {
      box.addEventListener("click", function (event) {
        var span = event.target.closest(".cue");
        if (span) { var t = parseFloat(span.dataset.start); userScrolled = 0; seek(t, true); share(t); }
      });
      ["wheel", "touchmove", "keydown"].forEach(function (name) {
        box.addEventListener(name, function () { userScrolled = Date.now(); }, { passive: true });
      });
    }
    ["timeupdate", "seeking", "seeked"].forEach(function (name) { audio.addEventListener(name, update); });

    // Listening speed, the same for every episode.
    if (rate) {
      var saved = recall("rate");
      if (saved && rate.querySelector('option[value="' + saved + '"]')) rate.value = saved;
      audio.playbackRate = parseFloat(rate.value);
      rate.addEventListener("change", function () {
        audio.playbackRate = parseFloat(rate.value);
        remember("rate", rate.value);
      });
      audio.addEventListener("play", function () { audio.playbackRate = parseFloat(rate.value); });
    }

    // Where the listener stopped, so reopening the page carries on from there.
    // A link to a moment ("#odcinek-1@2:05") wins over that.
    var key = "position:" + episode.audio;
    var lastSaved = 0;
    var moment = parseMoment(location.hash);
    var linked = moment && moment.number === episode.number ? moment.t : null;
    function start() {
      if (linked !== null) {
        seek(Math.min(linked, audio.duration || linked), false);
        article.scrollIntoView();
        linked = null;
        return;
      }
      var position = parseFloat(recall(key));
      if (position > 10 && position < audio.duration - 15 && audio.currentTime < 1) audio.currentTime = position;
    }
    if (audio.readyState >= 1) start(); else audio.addEventListener("loadedmetadata", start, { once: true });
    window.addEventListener("hashchange", function () {
      var next = parseMoment(location.hash);
      if (next && next.number === episode.number) { seek(next.t, false); article.scrollIntoView(); }
    });
    audio.addEventListener("timeupdate", function () {
      if (Math.abs(audio.currentTime - lastSaved) >= 5) { lastSaved = audio.currentTime; remember(key, lastSaved.toFixed(1)); }
    });
    audio.addEventListener("ended", function () { remember(key, 0); });

    audio.addEventListener("play", function () {
      // One episode at a time, and the phone's lock screen shows which.
      document.querySelectorAll("article.episode audio").forEach(function (other) { if (other !== audio) other.pause(); });
      mediaSession(episode, audio, seek);
    });

    update();
    return { audio: audio, seek: seek };
  }

  function mediaSession(episode, audio, seek) {
    if (!("mediaSession" in navigator) || typeof MediaMetadata === "undefined") return;
    var artwork = data.cover ? [{ src: new URL(data.cover, location.href).href }] : [];
    navigator.mediaSession.metadata = new MediaMetadata({ title: episode.title, artist: data.title, album: data.title, artwork: artwork });
    function chapterStep(step) {
      var index = lastStarted(episode.chapters, audio.currentTime) + step;
      // "Previous" within the first seconds of a chapter goes to the one before; after that, to its start.
      if (step < 0 && index + 1 >= 0 && audio.currentTime - episode.chapters[index + 1].start > 3) index += 1;
      if (index >= 0 && index < episode.chapters.length) seek(episode.chapters[index].start, true);
    }
    var handlers = {
      seekbackward: function () { seek(Math.max(0, audio.currentTime - 15), false); },
      seekforward: function () { seek(Math.min(audio.duration || Infinity, audio.currentTime + 30), false); },
      previoustrack: episode.chapters.length ? function () { chapterStep(-1); } : null,
      nexttrack: episode.chapters.length ? function () { chapterStep(1); } : null
    };
    Object.keys(handlers).forEach(function (action) {
      try { navigator.mediaSession.setActionHandler(action, handlers[action]); } catch (e) { /* unsupported action */ }
    });
  }

  function setUpFeed() {
    var input = document.querySelector(".feed-url");
    var button = document.querySelector(".copy-feed");
    if (!input) return;
    input.value = new URL(data.feed, location.href).href;
    input.addEventListener("focus", function () { input.select(); });
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      function done() { button.textContent = "Skopiowano ✓"; setTimeout(function () { button.textContent = "Kopiuj adres"; }, 2000); }
      // The clipboard API needs https or localhost; a phone on the LAN gets plain http.
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () { input.select(); });
      } else {
        input.select();
        try { if (document.execCommand("copy")) done(); } catch (e) { /* selected: copy by hand */ }
      }
    });
  }

  var players = data.episodes.map(setUp);
  setUpFeed();
  // For tests and the console: the players by episode number.
  window.lectureAudio = { players: players, data: data };
})();
