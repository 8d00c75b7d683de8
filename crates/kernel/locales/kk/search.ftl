## search
search-found = Табылды: { $count }
