## search
search-found = Found: { $count }
