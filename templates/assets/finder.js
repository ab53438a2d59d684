/* The national finder's search box. Without this script the page is a list of every job club,
   grouped by nation, that find-in-page searches. With it, a box filters as you type: finder.json
   (every area's places, postcode districts, venues and next session) is fetched the first time the
   box is used, never before. Everything shown is set as text, never as HTML. The English page and
   the Welsh one (cy/) share this script and finder.json: each page gives its words, its language and
   the way back to the top of the site in data- attributes on the form. */
(function () {
  "use strict";
  var form = document.getElementById("finder");
  if (!form || !window.fetch) return;
  var box = document.getElementById("finder-box");
  var status = document.getElementById("finder-status");
  var results = document.getElementById("finder-results");
  var list = document.getElementById("finder-list");
  var text = form.dataset;
  var welsh = text.language === "cy";
  var root = text.root || "";
  var areas = null;
  var loading = null;
  var MAX_RESULTS = 10;

  // Accents and apostrophes do not count ("Ty'n-y-Groes" is found by "tyn y groes"); other marks
  // are spaces.
  function simple(value) {
    return value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/['\u2018\u2019`]/g, "").replace(/[^a-z0-9]+/g, " ").trim();
  }
  function compact(value) {
    return value.toUpperCase().replace(/[^A-Z0-9]/g, "");
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  function load() {
    if (!loading) {
      loading = fetch(root + "finder.json")
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          areas = data.map(function (area) {
            area.names = area.a.map(simple);
            area.places = area.p.map(simple);
            return area;
          });
        });
    }
    return loading;
  }

  /* Welsh place names change their first sound after some words: "i Fae Colwyn", "yng Nghonwy",
     "ym Mangor", "o Landudno". What was typed is also tried without such a word in front, and with the
     place's first word as it starts unchanged: [changed start, usual start], longest first. */
  var MUTATIONS = [["ngh", "c"], ["mh", "p"], ["nh", "t"], ["ng", "g"], ["ch", "c"], ["ph", "p"],
    ["th", "t"], ["dd", "d"], ["f", "b"], ["f", "m"], ["b", "p"], ["d", "t"], ["g", "c"], ["l", "ll"],
    ["r", "rh"], ["m", "b"], ["n", "d"]];
  var BEFORE_PLACES = " i o yn yng ym ger am ar at dan heb gan trwy drwy tua hyd wrth ";

  function unmutated(query) {
    var words = query.split(" ");
    if (words.length > 1 && BEFORE_PLACES.indexOf(" " + words[0] + " ") >= 0) words.shift();
    var first = words[0];
    var rest = words.slice(1).join(" ");
    var starts = [first];
    if (first.length >= 3) {
      MUTATIONS.forEach(function (rule) {
        if (first.indexOf(rule[0]) === 0) starts.push(rule[1] + first.slice(rule[0].length));
      });
      if (/^h[aeiouwy]/.test(first)) starts.push(first.slice(1));  /* ei hardal: ardal */
      if (/^[aeiouwylr]/.test(first)) starts.push("g" + first);     /* o Wynedd: Gwynedd */
    }
    return starts.map(function (start) { return rest ? start + " " + rest : start; })
      .filter(function (form) { return form !== query; });
  }

  /* How well a place name matches what was typed: whole name, start of the name, start of a word. */
  function nameScore(name, query) {
    if (name === query) return 3;
    if (name.indexOf(query) === 0) return 2;
    if (query.length > 2 && (" " + name).indexOf(" " + query) >= 0) return 1;
    return 0;
  }

  /* The postcode district someone typed: WN1 from "wn1", "WN1 1NH" or "wn11nh". */
  function districtOf(query) {
    var code = compact(query);
    if (/^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/.test(code)) return {code: code.slice(0, -3), exact: true};
    if (/^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(code)) return {code: code, exact: false};
    return null;
  }

  function match(area, query, district) {
    var best = {score: 0, place: null, district: null};
    function consider(score, place, found) {
      if (score > best.score) best = {score: score, place: place, district: found};
    }
    area.names.forEach(function (name) { consider(nameScore(name, query) * 10 + 5, null, null); });
    area.places.forEach(function (place, index) { consider(nameScore(place, query) * 10, area.p[index], null); });
    if (district) {
      area.d.forEach(function (code) {
        if (code === district.code) consider(40, null, code);
        else if (!district.exact && code.indexOf(district.code) === 0) consider(25, null, code);
      });
    }
    return best.score >= 10 ? best : null;
  }

  function search(typed) {
    var query = simple(typed);
    var forms = [query].concat(unmutated(query));
    var district = districtOf(typed);
    var found = [];
    areas.forEach(function (area) {
      var how = null;
      forms.forEach(function (form) {
        var result = match(area, form, district);
        if (result && (!how || result.score > how.score)) how = result;
      });
      if (how) found.push({area: area, how: how});
    });
    found.sort(function (a, b) {
      return b.how.score - a.how.score || (a.area.n < b.area.n ? -1 : a.area.n > b.area.n ? 1 : 0);
    });
    return found;
  }

  /* The area's venues, those in the place or postcode district that matched first. */
  function nearest(area, how) {
    var place = how.place ? simple(how.place) : null;
    var near = [];
    var rest = [];
    area.v.forEach(function (venue) {
      var inTown = place && (simple(venue[1]) === place || (venue[5] && simple(venue[5]) === place));
      var here = inTown || (how.district && venue[2].split(" ")[0] === how.district);
      (here ? near : rest).push(venue);
    });
    return near.concat(rest).slice(0, 3);
  }

  function element(name, content, attributes) {
    var made = document.createElement(name);
    if (content) made.textContent = content;
    Object.keys(attributes || {}).forEach(function (key) { made.setAttribute(key, attributes[key]); });
    return made;
  }

  function show(found, typed) {
    results.textContent = "";
    found.slice(0, MAX_RESULTS).forEach(function (item) {
      var area = item.area;
      var entry = element("li");
      var title = element("p");
      /* Each site in the page's language first; a link to a site in another language says which. */
      var english = {text: area.n, href: area.s + "/", lang: welsh ? "en-GB" : null};
      var links = [english];
      if (area.w) {
        var cymraeg = {text: area.w[1], href: area.w[0], lang: welsh ? null : "cy"};
        links = welsh ? [cymraeg, english] : [english, cymraeg];
      }
      links.forEach(function (link, index) {
        if (index) title.appendChild(document.createTextNode(" · "));
        title.appendChild(element("a", link.text,
          link.lang ? {href: root + link.href, hreflang: link.lang, lang: link.lang} : {href: root + link.href}));
      });
      entry.appendChild(title);
      if (item.how.place) entry.appendChild(element("p", fill(text.covers, {places: item.how.place})));
      var venues = nearest(area, item.how);
      if (venues.length) {
        entry.appendChild(element("p", text.venues));
        var where = element("ul");
        venues.forEach(function (venue) {
          var line = element("li");
          /* On the Welsh page, an area's venues are in its Welsh site, by their Welsh names. */
          var inWelsh = welsh && area.w;
          line.appendChild(element("a", inWelsh && venue[4] ? venue[4] : venue[0],
            {href: root + (inWelsh ? area.w[0] : area.s + "/") + venue[3]}));
          /* venue[5]: the town's Welsh name, where it differs (Bae Colwyn). */
          line.appendChild(document.createTextNode(", " + (welsh && venue[5] || venue[1]) + " " + venue[2]));
          where.appendChild(line);
        });
        entry.appendChild(where);
      }
      /* On the Welsh page, an area built by an older version may have its next session in English only. */
      var english = welsh && !("y" in area) && area.x;
      var next = welsh && "y" in area ? area.y : area.x;
      entry.appendChild(element("p", next || text.noSession, english ? {lang: "en-GB"} : null));
      results.appendChild(entry);
    });
    var quoted = "\u201c" + typed.trim() + "\u201d";
    status.textContent = fill(
      found.length === 0 ? text.foundNone : found.length === 1 ? text.foundOne : text.foundMany,
      {query: quoted, count: String(found.length)}
    );
  }

  function update() {
    var typed = box.value;
    if (simple(typed) === "") {
      results.textContent = "";
      status.textContent = "";
      list.hidden = false;
      return;
    }
    if (!areas) {
      status.textContent = text.loading;
      load().then(update, function () {
        status.textContent = text.unavailable;
        list.hidden = false;
      });
      return;
    }
    list.hidden = true;
    show(search(typed), typed);
  }

  box.addEventListener("focus", function () { load().catch(function () {}); }, {once: true});
  box.addEventListener("input", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = results.querySelector("a");
    if (first) first.focus();
  });
  form.hidden = false;
  if (box.value) update();
})();
