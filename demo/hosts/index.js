// The nested page learns the widget's origin from its query string: pass on the one this page was given.
for (const link of document.querySelectorAll('a[data-page="nested"]')) link.search = location.search;
