## search
search-found = Найдено: { $count }
